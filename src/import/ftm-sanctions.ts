// Which enduse list (data/reference/lists.csv) an FtM Sanction belongs to, from its programId,
// authority and country. Checked in order; the first rule that matches wins.

interface ListRule {
  code: string;
  matches: (programId: string, authority: string, country: string) => boolean;
}

const RULES: ListRule[] = [
  { code: 'BIS_ENTITY', matches: (programId, authority) => programId.startsWith('US-BIS-EL') || /entity list/i.test(authority) },
  { code: 'OFAC_SDN', matches: (programId, authority) => /office of foreign assets control|\bOFAC\b/i.test(authority) || programId.startsWith('US-OFAC') },
  { code: 'UN_SC', matches: (programId, authority) => programId.startsWith('UN-') || /united nations/i.test(authority) },
  // National publications of the EU list (Belgium, France) carry an EU programId.
  { code: 'EU_CONSOLIDATED', matches: (programId, _authority, country) => programId.startsWith('EU-') || (country === 'eu' && programId === '') },
  { code: 'UK_CONSOLIDATED', matches: (programId, authority) => programId.startsWith('GB-') || /office of financial sanctions|OFSI|HM Treasury/i.test(authority) },
  { code: 'CH_SECO', matches: (programId, authority) => programId.startsWith('SECO-') || /state secretariat for economic affairs/i.test(authority) },
  { code: 'UA_NSDC', matches: (programId, authority) => programId.startsWith('UA-SA') || /national security and defense council/i.test(authority) },
];

/**
 * The list code for a Sanction's properties, or undefined when no list in the reference data
 * fits (such sanctions are reported as skipped).
 *
 * @example listCodeOfSanction({ authority: ['Office of Foreign Assets Control'], programId: ['US-RUSHAR'] }) // 'OFAC_SDN'
 */
export function listCodeOfSanction(properties: Record<string, string[]>): string | undefined {
  const programId = properties.programId?.[0] ?? '';
  const authority = (properties.authority ?? []).join(' | ');
  const country = properties.country?.[0] ?? '';
  return RULES.find((rule) => rule.matches(programId, authority, country))?.code;
}
