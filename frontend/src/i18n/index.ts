export { I18nProvider, useI18n, useT } from './context';
export type { MessageKey, Messages } from './sv';
export { LANGS, type Lang, type TFunction } from './translate';
