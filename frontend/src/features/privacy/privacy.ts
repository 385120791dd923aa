//! Pure helpers of the privacy settings (tested): labels of the enums, the organization-settings
//! form and the data-partner form (values, checks before sending, mapping to the inputs, and the
//! server's answers), the attention summary, and dates without a time.
import type {
  AgreementStatus,
  DataPartnerFieldsFragment,
  DataPartnerInput,
  OrganizationSettingsFieldsFragment,
  OrganizationSettingsInput,
  PartnerAttention,
  PartnerRole,
  SupervisoryAuthority,
} from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';
import { bannerMessage, codeOf, fieldErrors, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';

// ---------- Labels ----------

export const AUTHORITIES: readonly SupervisoryAuthority[] = ['IMY', 'DATATILSYNET_NO', 'DATATILSYNET_DK', 'TIETOSUOJA_FI'];

export const AUTHORITY_LABELS: Readonly<Record<SupervisoryAuthority, MessageKey>> = {
  IMY: 'privacy.authority.IMY',
  DATATILSYNET_NO: 'privacy.authority.DATATILSYNET_NO',
  DATATILSYNET_DK: 'privacy.authority.DATATILSYNET_DK',
  TIETOSUOJA_FI: 'privacy.authority.TIETOSUOJA_FI',
};

export const ROLES: readonly PartnerRole[] = ['PROCESSOR', 'INDEPENDENT_CONTROLLER', 'JOINT_CONTROLLER'];

export const ROLE_LABELS: Readonly<Record<PartnerRole, MessageKey>> = {
  PROCESSOR: 'privacy.role.PROCESSOR',
  INDEPENDENT_CONTROLLER: 'privacy.role.INDEPENDENT_CONTROLLER',
  JOINT_CONTROLLER: 'privacy.role.JOINT_CONTROLLER',
};

export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['MISSING', 'SIGNED', 'EXPIRED'];

export const AGREEMENT_LABELS: Readonly<Record<AgreementStatus, MessageKey>> = {
  MISSING: 'privacy.agreement.MISSING',
  SIGNED: 'privacy.agreement.SIGNED',
  EXPIRED: 'privacy.agreement.EXPIRED',
};

/** Why a partner needs attention: a symbol (for the eye, hidden from screen readers) and words. */
export const ATTENTION_COPY: Readonly<Record<PartnerAttention, { readonly symbol: string; readonly label: MessageKey }>> = {
  MISSING_AGREEMENT: { symbol: '⚠', label: 'privacy.attention.MISSING_AGREEMENT' },
  EXPIRED_AGREEMENT: { symbol: '⚠', label: 'privacy.attention.EXPIRED_AGREEMENT' },
  REVIEW_OVERDUE: { symbol: '⏰', label: 'privacy.attention.REVIEW_OVERDUE' },
};

/** The words for a partner's attention, or null when it is in order. */
export function attentionLabel(attention: PartnerAttention | null | undefined, t: TFunction): string | null {
  return attention ? t(ATTENTION_COPY[attention].label) : null;
}

/** How many partners need attention. */
export function attentionCount(partners: readonly { readonly attention?: PartnerAttention | null }[]): number {
  return partners.filter((p) => p.attention != null).length;
}

/** The summary line over the register ("2 partners need attention"). */
export function attentionSummary(count: number, t: TFunction): string {
  if (count === 0) return t('privacy.partners.allInOrder');
  return count === 1 ? t('privacy.partners.attentionOne') : t('privacy.partners.attentionMany', { count });
}

/** A country code as a name in `locale` ("SE" → "Sweden"), or the code when unknown. */
export function countryName(code: string, locale: string): string {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return code;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(upper) ?? upper;
  } catch {
    return upper;
  }
}

/** A `NaiveDate` (`2026-03-01`) in `locale`, without any time-zone shift; the input if unparsable. */
export function formatNaiveDate(value: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

// ---------- Shared: the server's answers ----------

export interface SaveFailure<F extends string> {
  readonly fields: Partial<Record<F, string>>;
  readonly banner: string | null;
  /** Changed by someone else since it was loaded (a stale `expectedVersion`). */
  readonly stale: boolean;
}

function saveFailure<F extends string>(
  error: CombinedErrorLike | null | undefined,
  fieldList: readonly F[],
  t: TFunction,
  notFound: MessageKey | null,
): SaveFailure<F> {
  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: Partial<Record<F, string>> = {};
  for (const field of fieldList) {
    const message = server[field];
    if (message !== undefined) fields[field] = message;
  }
  if (error?.graphQLErrors.some((e) => codeOf(e) === 'CONFLICT')) return { fields, banner: null, stale: true };
  const primary = primaryErrorCode(error);
  if (primary === 'FORBIDDEN') return { fields, banner: t('privacy.forbidden'), stale: false };
  if (primary === 'NOT_FOUND' && notFound) return { fields, banner: t(notFound), stale: false };
  return { fields, banner: bannerMessage(error, t, new Set<string>(fieldList)), stale: false };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function wholeNumber(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  return Number(trimmed);
}

// ---------- Organization settings ----------

export interface SettingsFormValues {
  readonly companyName: string;
  readonly orgNumber: string;
  readonly address: string;
  readonly email: string;
  readonly phone: string;
  readonly privacyPolicyUrl: string;
  readonly dpoName: string;
  readonly dpoEmail: string;
  readonly supervisoryAuthority: SupervisoryAuthority;
  /** As typed; whole numbers. */
  readonly bookkeepingRetentionYears: string;
  readonly auditLogRetentionMonths: string;
  /** Revealing a secret on a customer card needs a current TOTP code. */
  readonly secretRevealRequiresTotp: boolean;
}

export type SettingsFormField = keyof SettingsFormValues;
export type SettingsFormErrors = Partial<Record<SettingsFormField, string>>;

export const SETTINGS_FIELD_LIST: readonly SettingsFormField[] = [
  'companyName',
  'orgNumber',
  'address',
  'email',
  'phone',
  'privacyPolicyUrl',
  'dpoName',
  'dpoEmail',
  'supervisoryAuthority',
  'bookkeepingRetentionYears',
  'auditLogRetentionMonths',
  'secretRevealRequiresTotp',
];

export function settingsToForm(settings: OrganizationSettingsFieldsFragment): SettingsFormValues {
  return {
    companyName: settings.companyName,
    orgNumber: settings.orgNumber,
    address: settings.address,
    email: settings.email,
    phone: settings.phone,
    privacyPolicyUrl: settings.privacyPolicyUrl,
    dpoName: settings.dpoName,
    dpoEmail: settings.dpoEmail,
    supervisoryAuthority: settings.supervisoryAuthority,
    bookkeepingRetentionYears: String(settings.bookkeepingRetentionYears),
    auditLogRetentionMonths: String(settings.auditLogRetentionMonths),
    secretRevealRequiresTotp: settings.secretRevealRequiresTotp,
  };
}

/** An absolute http(s) address. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** What is checked before sending; the server has the full rules. */
export function settingsProblems(values: SettingsFormValues, t: TFunction): SettingsFormErrors {
  const problems: SettingsFormErrors = {};
  if (values.companyName.trim() === '') problems.companyName = t('privacy.settings.companyNameMissing');
  const email = values.email.trim();
  if (email !== '' && !EMAIL.test(email)) problems.email = t('privacy.emailInvalid');
  const dpoEmail = values.dpoEmail.trim();
  if (dpoEmail !== '' && !EMAIL.test(dpoEmail)) problems.dpoEmail = t('privacy.emailInvalid');
  const url = values.privacyPolicyUrl.trim();
  if (url !== '' && !isWebUrl(url)) problems.privacyPolicyUrl = t('privacy.settings.urlInvalid');
  const years = wholeNumber(values.bookkeepingRetentionYears);
  if (years === null || years < 1) problems.bookkeepingRetentionYears = t('privacy.settings.wholeNumber');
  const months = wholeNumber(values.auditLogRetentionMonths);
  if (months === null || months < 1) problems.auditLogRetentionMonths = t('privacy.settings.wholeNumber');
  return problems;
}

export function toSettingsInput(values: SettingsFormValues): OrganizationSettingsInput {
  return {
    companyName: values.companyName.trim(),
    orgNumber: values.orgNumber.trim(),
    address: values.address
      .split('\n')
      .map((line) => line.trim())
      .join('\n')
      .trim(),
    email: values.email.trim(),
    phone: values.phone.trim(),
    privacyPolicyUrl: values.privacyPolicyUrl.trim(),
    dpoName: values.dpoName.trim(),
    dpoEmail: values.dpoEmail.trim(),
    supervisoryAuthority: values.supervisoryAuthority,
    bookkeepingRetentionYears: wholeNumber(values.bookkeepingRetentionYears) ?? 0,
    auditLogRetentionMonths: wholeNumber(values.auditLogRetentionMonths) ?? 0,
    secretRevealRequiresTotp: values.secretRevealRequiresTotp,
  };
}

/** The server's answer to `updateOrganizationSettings`. */
export function settingsSaveFailure(error: CombinedErrorLike | null | undefined, t: TFunction): SaveFailure<SettingsFormField> {
  return saveFailure(error, SETTINGS_FIELD_LIST, t, null);
}

// ---------- Data partners ----------

export interface PartnerFormValues {
  readonly name: string;
  readonly orgNumber: string;
  readonly country: string;
  readonly role: PartnerRole;
  readonly purpose: string;
  readonly dataCategories: string;
  readonly thirdCountryTransfer: boolean;
  readonly transferSafeguard: string;
  readonly agreementStatus: AgreementStatus;
  /** `YYYY-MM-DD` from `<input type=date>`, or empty. */
  readonly signedOn: string;
  readonly reviewOn: string;
  readonly documentReference: string;
  readonly notes: string;
}

export type PartnerFormField = keyof PartnerFormValues;
export type PartnerFormErrors = Partial<Record<PartnerFormField, string>>;

export const PARTNER_FIELD_LIST: readonly PartnerFormField[] = [
  'name',
  'orgNumber',
  'country',
  'role',
  'purpose',
  'dataCategories',
  'thirdCountryTransfer',
  'transferSafeguard',
  'agreementStatus',
  'signedOn',
  'reviewOn',
  'documentReference',
  'notes',
];

export const EMPTY_PARTNER_FORM: PartnerFormValues = {
  name: '',
  orgNumber: '',
  country: 'SE',
  role: 'PROCESSOR',
  purpose: '',
  dataCategories: '',
  thirdCountryTransfer: false,
  transferSafeguard: '',
  agreementStatus: 'MISSING',
  signedOn: '',
  reviewOn: '',
  documentReference: '',
  notes: '',
};

export function partnerToForm(partner: DataPartnerFieldsFragment): PartnerFormValues {
  return {
    name: partner.name,
    orgNumber: partner.orgNumber,
    country: partner.country,
    role: partner.role,
    purpose: partner.purpose,
    dataCategories: partner.dataCategories,
    thirdCountryTransfer: partner.thirdCountryTransfer,
    transferSafeguard: partner.transferSafeguard,
    agreementStatus: partner.agreementStatus,
    signedOn: partner.signedOn ?? '',
    reviewOn: partner.reviewOn ?? '',
    documentReference: partner.documentReference,
    notes: partner.notes,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is checked before sending; the server has the full rules. */
export function partnerProblems(values: PartnerFormValues, t: TFunction): PartnerFormErrors {
  const problems: PartnerFormErrors = {};
  if (values.name.trim() === '') problems.name = t('privacy.partner.nameMissing');
  if (!/^[A-Za-z]{2}$/.test(values.country.trim())) problems.country = t('privacy.partner.countryInvalid');
  if (values.thirdCountryTransfer && values.transferSafeguard.trim() === '') {
    problems.transferSafeguard = t('privacy.partner.safeguardMissing');
  }
  const signedOn = values.signedOn.trim();
  const reviewOn = values.reviewOn.trim();
  if (signedOn !== '' && !DATE.test(signedOn)) problems.signedOn = t('privacy.partner.dateInvalid');
  if (reviewOn !== '' && !DATE.test(reviewOn)) problems.reviewOn = t('privacy.partner.dateInvalid');
  if (!problems.signedOn && !problems.reviewOn && signedOn !== '' && reviewOn !== '' && reviewOn < signedOn) {
    problems.reviewOn = t('privacy.partner.reviewBeforeSigned');
  }
  return problems;
}

export function toPartnerInput(values: PartnerFormValues): DataPartnerInput {
  return {
    name: values.name.trim(),
    orgNumber: values.orgNumber.trim(),
    country: values.country.trim().toUpperCase(),
    role: values.role,
    purpose: values.purpose.trim(),
    dataCategories: values.dataCategories.trim(),
    thirdCountryTransfer: values.thirdCountryTransfer,
    // A safeguard only means something for a transfer outside the EU/EEA.
    transferSafeguard: values.thirdCountryTransfer ? values.transferSafeguard.trim() : '',
    agreementStatus: values.agreementStatus,
    signedOn: values.signedOn.trim() || null,
    reviewOn: values.reviewOn.trim() || null,
    documentReference: values.documentReference.trim(),
    notes: values.notes.trim(),
  };
}

/** The server's answer to `createDataPartner` / `updateDataPartner`. */
export function partnerSaveFailure(error: CombinedErrorLike | null | undefined, t: TFunction): SaveFailure<PartnerFormField> {
  return saveFailure(error, PARTNER_FIELD_LIST, t, 'privacy.partner.notFound');
}

/** Why `deleteDataPartner` failed, in the UI language. */
export function partnerDeleteFailure(error: CombinedErrorLike | null | undefined, name: string, t: TFunction): string {
  const code = primaryErrorCode(error) ?? 'INTERNAL';
  if (code === 'NOT_FOUND') return t('privacy.partner.notFound');
  if (code === 'FORBIDDEN') return t('privacy.forbidden');
  return t('privacy.partner.deleteFailed', { name });
}

/** Partners in the UI language's name order. */
export function partnersByName<T extends { readonly name: string }>(partners: readonly T[], locale: string): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...partners].sort((a, b) => collator.compare(a.name, b.name));
}
