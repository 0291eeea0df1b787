// The files of the shipped reference data by name, apart from their readers so `enduse reference
// --help` names them without loading any.

export const REFERENCE_FILES = ['lists.csv', 'jurisdictions.csv', 'ownership-rules.csv', 'free-trade-zones.csv'] as const;
