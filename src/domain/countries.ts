// ISO 3166 country codes and English names (i18n-iso-countries) with the English names only: the
// package's Node entry registers all of its languages at import, which cost a large part of every
// command's start, and enduse reads and writes English names alone.
import { createRequire } from 'node:module';
import countries, { type LocaleData } from 'i18n-iso-countries/index.js';

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json') as LocaleData);

export default countries;
