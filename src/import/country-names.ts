// Country names as sanctions lists and spreadsheets spell them, to ISO 3166-1 alpha-2 codes.
import countries from '../domain/countries.ts';

/** Spellings i18n-iso-countries does not know (OFAC's "Korea, North", "Burma", …). */
const EXTRA_NAMES: Record<string, string> = {
  'korea, north': 'KP',
  'north korea': 'KP',
  'korea, south': 'KR',
  'south korea': 'KR',
  burma: 'MM',
  syria: 'SY',
  'syrian arab republic': 'SY',
  laos: 'LA',
  brunei: 'BN',
  moldova: 'MD',
  macedonia: 'MK',
  'north macedonia, the republic of': 'MK',
  curacao: 'CW',
  'cabo verde': 'CV',
  'sint maarten': 'SX',
  'congo, democratic republic of the': 'CD',
  'congo, republic of the': 'CG',
  'bahamas, the': 'BS',
  'gambia, the': 'GM',
  'west bank': 'PS',
  'gaza': 'PS',
  palestinian: 'PS',
  'region: crimea': 'UA',
  'russian federation': 'RU',
  'iran, islamic republic of': 'IR',
  'viet nam': 'VN',
  'taiwan, province of china': 'TW',
  'hong kong sar': 'HK',
  'cote d ivoire': 'CI',
  "cote d'ivoire": 'CI',
  "democratic people's republic of korea": 'KP',
  macau: 'MO',
  'st. vincent and the grenadines': 'VC',
  'st. kitts & nevis': 'KN',
  'st. lucia': 'LC',
  czech: 'CZ',
  korea: 'KR',
  uae: 'AE',
  usa: 'US',
  uk: 'GB',
};

const cache = new Map<string, string | undefined>();

/**
 * The alpha-2 code of a country name or code, or undefined when it names no single country
 * (`Undetermined`, `Yugoslavia`, `Netherlands Antilles`): callers report those.
 *
 * @example alpha2OfCountryName('Korea, North') // 'KP'
 */
export function alpha2OfCountryName(name: string): string | undefined {
  const key = name.trim();
  if (cache.has(key)) return cache.get(key);
  const lower = key.toLowerCase();
  let code: string | undefined;
  if (/^[A-Za-z]{2}$/.test(key) && countries.isValid(key.toUpperCase())) code = key.toUpperCase();
  else code = EXTRA_NAMES[lower] ?? countries.getAlpha2Code(key, 'en') ?? countries.getSimpleAlpha2Code(key, 'en');
  if (code !== undefined && !countries.isValid(code)) code = undefined;
  cache.set(key, code);
  return code;
}
