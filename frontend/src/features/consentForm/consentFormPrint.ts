//! Pure helpers of the printed consent form (tested): the form's language, the declaration hash
//! in short form, the signature blocks, and the PDF's address.
import type { FormLanguage } from '../../gql/graphql';
import { isLang, type Lang } from '../../i18n/translate';

/** The API's form language for a UI language, and back. */
export function toFormLanguage(lang: Lang): FormLanguage {
  return lang === 'sv' ? 'SV' : 'EN';
}

export function fromFormLanguage(language: FormLanguage): Lang {
  return language === 'SV' ? 'sv' : 'en';
}

/** The form's language from `?lang=` (any case), else `fallback` (the UI language). */
export function formLangFrom(param: string | null, fallback: Lang): Lang {
  const value = param?.trim().toLowerCase();
  return isLang(value) ? value : fallback;
}

/**
 * The start of a hex hash, enough to match a paper form to its declaration by eye
 * (`3f9a0c…` → `3f9a0c12d4e5`). Whitespace is removed and letters lower-cased; a hash shorter
 * than `length` comes back whole.
 */
export function shortHash(hash: string, length = 12): string {
  const clean = hash.replace(/\s+/g, '').toLowerCase();
  return clean.slice(0, Math.max(1, length));
}

/** The full hash in groups of eight characters, so it can be read and compared on paper. */
export function groupedHash(hash: string): string {
  const clean = hash.replace(/\s+/g, '').toLowerCase();
  return (clean.match(/.{1,8}/g) ?? []).join(' ');
}

/** How many empty signature blocks a blank form (or a customer without contacts) gets. */
export const BLANK_SIGNATURES = 2;

/** One signature block per contact name; `null` stands for a block without a printed name. */
export function signatureSlots(contactNames: readonly string[] | null | undefined): (string | null)[] {
  const names = (contactNames ?? []).map((n) => n.trim()).filter((n) => n !== '');
  return names.length > 0 ? names : Array.from({ length: BLANK_SIGNATURES }, () => null);
}

/** The server's PDF of the same form (a plain GET with the session cookie). */
export function consentFormPdfUrl(customerId: string | null, lang: Lang): string {
  const path = customerId ? `/customers/${encodeURIComponent(customerId)}/consent-form.pdf` : '/consent-form.pdf';
  return `${path}?lang=${lang}`;
}
