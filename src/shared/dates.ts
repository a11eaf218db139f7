/**
 * French writes the first day of a month as an ordinal: « le 1er mars », « vendredi 1er mai ».
 * Intl gives « 1 mars »; every long date the app shows or exports goes through this.
 */
const FIRST_OF_MONTH =
  /(^|[\s\u00a0\u202f])1(?=[\s\u00a0\u202f](?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b)/gu;

export function firstOfMonth(text: string, language: string): string {
  return language.startsWith('fr') ? text.replace(FIRST_OF_MONTH, '$11er') : text;
}
