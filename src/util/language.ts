/** The base language subtag of a BCP 47 tag ("en-GB" -> "en"), "en" when unknown: what our per-language data is keyed by. */
export function baseLanguage(tag: string | null | undefined): string {
  return (tag ?? 'en').toLowerCase().split(/[-_]/)[0] || 'en';
}
