//! /customers/:id/consent-form (READ_CUSTOMERS; pre-filled for the customer and one signature
//! block per contact) and /consent-form (blank, for the front desk): the consent form as an A4
//! page to print and sign. The form has its own language (Swedish or English, `?lang=`),
//! independent of the UI language; the print stylesheet leaves out everything but the form.
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type { ConsentFormQuery as ConsentFormResult } from '../../gql/graphql';
import { LANGS, useI18n, type Lang } from '../../i18n';
import { LOCALES, makeT } from '../../i18n/translate';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { CustomerNotLoaded } from '../customers/CustomerNotLoaded';
import { countryName, ROLE_LABELS } from '../privacy/privacy';
import {
  consentFormPdfUrl,
  formLangFrom,
  groupedHash,
  shortHash,
  signatureSlots,
  toFormLanguage,
} from './consentFormPrint';

const ConsentFormQuery = graphql(`
  query ConsentForm($customerId: ID, $language: FormLanguage!) {
    consentForm(customerId: $customerId, language: $language) {
      language
      title
      controller {
        ...OrganizationSettingsFields
      }
      supervisoryAuthorityName
      supervisoryAuthorityUrl
      purposes {
        key
        name
        description
        requiresOptIn
      }
      recipients {
        id
        name
        country
        role
        purpose
        thirdCountryTransfer
        transferSafeguard
      }
      declaration {
        id
        version
        text
        contentHash
      }
      customer {
        id
        number
        displayName
        contactNames
      }
      sections {
        heading
        paragraphs
      }
      generatedAt
    }
  }
`);

type Form = ConsentFormResult['consentForm'];

/** /customers/:id/consent-form */
export function CustomerConsentFormPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  const { id = '' } = useParams();
  if (!hasRight(viewer, 'READ_CUSTOMERS')) return <NoAccess body={t('consentForm.noAccess')} />;
  return <ConsentFormView key={id} customerId={id} />;
}

/** /consent-form */
export function BlankConsentFormPage() {
  return <ConsentFormView customerId={null} />;
}

function ConsentFormView({ customerId }: { readonly customerId: string | null }) {
  const { t, lang: uiLang } = useI18n();
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const formLang = formLangFrom(params.get('lang'), uiLang);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ConsentFormQuery,
    variables: { customerId, language: toFormLanguage(formLang) },
    requestPolicy: 'cache-and-network',
  });
  const retry = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  if (!data && error && !fetching && customerId !== null) {
    return <CustomerNotLoaded error={error} fetching={false} onRetry={retry} notFoundMessage={t('customer.notFound')} />;
  }

  const form = data?.consentForm;
  // Back to where the form is reached from: the customer card, or the privacy settings.
  const back = customerId
    ? { to: `/customers/${customerId}`, label: t('consentForm.backToCard') }
    : hasRight(viewer, 'MANAGE_SETTINGS')
      ? { to: '/admin/privacy', label: t('consentForm.backToPrivacy') }
      : { to: '/customers', label: t('consentForm.backToCustomers') };
  const errorCode = primaryErrorCode(error);

  return (
    <main className="page consent-form-page" id="main">
      <p className="breadcrumb no-print">
        <Link to={back.to}>{back.label}</Link>
      </p>
      <div className="page__header no-print">
        <div>
          <h1>
            {form?.customer
              ? t('consentForm.titleFor', { name: form.customer.displayName })
              : customerId
                ? t('consentForm.title')
                : t('consentForm.blankTitle')}
          </h1>
          <p className="muted">{t('consentForm.intro')}</p>
        </div>
        <div className="row-actions">
          <div className="lang-switch" role="group" aria-label={t('consentForm.language')}>
            {LANGS.map((l) => (
              <button
                key={l}
                type="button"
                lang={l}
                className="lang-switch__button"
                aria-pressed={formLang === l}
                onClick={() => {
                  const next = new URLSearchParams(params);
                  next.set('lang', l);
                  setParams(next, { replace: true });
                }}
              >
                {t(l === 'sv' ? 'lang.sv' : 'lang.en')}
              </button>
            ))}
          </div>
          <a className="button" href={consentFormPdfUrl(customerId, formLang)} download>
            {t('consentForm.downloadPdf')}
          </a>
          <button
            type="button"
            className="button button--primary"
            disabled={!form}
            onClick={() => {
              window.print();
            }}
          >
            <span aria-hidden="true">⎙ </span>
            {t('consentForm.print')}
          </button>
        </div>
      </div>

      {!form && fetching ? <Loading /> : null}
      {!form && errorCode && !fetching ? (
        <Banner
          action={
            <button type="button" className="button" onClick={retry}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(errorCode, t)}
        </Banner>
      ) : null}
      {form ? <ConsentFormDocument form={form} lang={formLang} /> : null}
    </main>
  );
}

/** The printed form itself, entirely in the form's language. */
function ConsentFormDocument({ form, lang }: { readonly form: Form; readonly lang: Lang }) {
  const ft = makeT(lang);
  const locale = LOCALES[lang];
  const c = form.controller;
  const contactLine = [c.email, c.phone].filter((v) => v.trim() !== '');
  return (
    <article className="consent-doc" lang={lang} aria-labelledby="consent-doc-title" data-testid="consent-form">
      <header className="consent-doc__header">
        <h2 className="consent-doc__title" id="consent-doc-title">
          {form.title}
        </h2>
        <div className="consent-doc__controller" data-testid="consent-form-controller">
          <p className="consent-doc__label">{ft('consentForm.doc.controller')}</p>
          <p className="strong">{c.companyName}</p>
          {c.orgNumber ? <p>{ft('consentForm.doc.orgNumber', { number: c.orgNumber })}</p> : null}
          {c.address ? <address className="consent-doc__address">{c.address}</address> : null}
          {contactLine.length > 0 ? <p>{contactLine.join(' · ')}</p> : null}
        </div>
      </header>

      <section className="consent-doc__block consent-doc__customer" aria-label={ft('consentForm.doc.customer')}>
        {form.customer ? (
          <dl className="consent-doc__facts">
            <div>
              <dt>{ft('consentForm.doc.customer')}</dt>
              <dd data-testid="consent-form-customer">{form.customer.displayName}</dd>
            </div>
            <div>
              <dt>{ft('consentForm.doc.customerNumber')}</dt>
              <dd>{form.customer.number}</dd>
            </div>
          </dl>
        ) : (
          <dl className="consent-doc__facts">
            <div>
              <dt>{ft('consentForm.doc.customer')}</dt>
              <dd className="consent-doc__line" />
            </div>
            <div>
              <dt>{ft('consentForm.doc.customerNumber')}</dt>
              <dd className="consent-doc__line" />
            </div>
          </dl>
        )}
      </section>

      <section className="consent-doc__block">
        <dl className="consent-doc__facts">
          <div>
            <dt>{ft('consentForm.doc.privacyPolicy')}</dt>
            <dd>
              {c.privacyPolicyUrl ? (
                <a href={c.privacyPolicyUrl} data-testid="consent-form-policy">
                  {c.privacyPolicyUrl}
                </a>
              ) : (
                ft('consentForm.doc.notGiven')
              )}
            </dd>
          </div>
          {c.dpoName || c.dpoEmail ? (
            <div>
              <dt>{ft('consentForm.doc.dpo')}</dt>
              <dd>{[c.dpoName, c.dpoEmail].filter((v) => v.trim() !== '').join(', ')}</dd>
            </div>
          ) : null}
          <div>
            <dt>{ft('consentForm.doc.authority')}</dt>
            <dd>
              {form.supervisoryAuthorityName}
              {form.supervisoryAuthorityUrl ? <> ({form.supervisoryAuthorityUrl})</> : null}
            </dd>
          </div>
        </dl>
      </section>

      <section className="consent-doc__block" aria-labelledby="consent-doc-purposes">
        <h3 id="consent-doc-purposes">{ft('consentForm.doc.purposes')}</h3>
        <p className="consent-doc__hint">{ft('consentForm.doc.purposesHint')}</p>
        {form.purposes.length === 0 ? (
          <p>{ft('consentForm.doc.noPurposes')}</p>
        ) : (
          <ul className="consent-doc__choices">
            {form.purposes.map((purpose) => (
              <li key={purpose.key} className="consent-doc__choice">
                {/* A printed, empty square to tick with a pen: not an interactive checkbox. */}
                <span className="consent-doc__box" aria-hidden="true">
                  ☐
                </span>
                <span className="sr-only">{ft('consentForm.doc.box')}</span>
                <div>
                  <p className="strong">{purpose.name}</p>
                  {purpose.description ? <p className="consent-doc__description">{purpose.description}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="consent-doc__block" aria-labelledby="consent-doc-recipients">
        <h3 id="consent-doc-recipients">{ft('consentForm.doc.recipients')}</h3>
        {form.recipients.length === 0 ? (
          <p>{ft('consentForm.doc.noRecipients')}</p>
        ) : (
          <ul className="consent-doc__recipients" data-testid="consent-form-recipients">
            {form.recipients.map((r) => (
              <li key={r.id}>
                <span className="strong">{r.name}</span> – {ft(ROLE_LABELS[r.role])}, {countryName(r.country, locale)}
                {r.purpose ? <>: {r.purpose}</> : null}
                {r.thirdCountryTransfer ? (
                  <>
                    {' '}
                    ({ft('consentForm.doc.transfer')}
                    {r.transferSafeguard ? `: ${r.transferSafeguard}` : ''})
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {form.sections.map((section, index) => (
        <section className="consent-doc__block" key={`${index}-${section.heading}`}>
          <h3>{section.heading}</h3>
          {section.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      ))}

      <section className="consent-doc__block consent-doc__declaration" aria-labelledby="consent-doc-declaration">
        <h3 id="consent-doc-declaration">{ft('consentForm.doc.declaration')}</h3>
        <p className="consent-doc__text">{form.declaration.text}</p>
        <p className="consent-doc__version" data-testid="consent-form-version">
          {ft('consentForm.doc.version', { version: form.declaration.version, hash: shortHash(form.declaration.contentHash) })}
        </p>
        <p className="consent-doc__hash">
          {ft('consentForm.doc.fullHash')} <span className="mono">{groupedHash(form.declaration.contentHash)}</span>
        </p>
      </section>

      <section className="consent-doc__block consent-doc__signatures" aria-labelledby="consent-doc-signatures">
        <h3 id="consent-doc-signatures">{ft('consentForm.doc.signatures')}</h3>
        {signatureSlots(form.customer?.contactNames).map((name, index) => (
          <div className="consent-doc__signature" key={`${index}-${name ?? ''}`} data-testid="consent-form-signature">
            {name ? <p className="strong">{name}</p> : null}
            <div className="consent-doc__sign-lines">
              <div className="consent-doc__sign-line">
                <span className="consent-doc__line" />
                <span className="consent-doc__caption">{ft('consentForm.doc.date')}</span>
              </div>
              <div className="consent-doc__sign-line consent-doc__sign-line--wide">
                <span className="consent-doc__line" />
                <span className="consent-doc__caption">{ft('consentForm.doc.signature')}</span>
              </div>
              <div className="consent-doc__sign-line consent-doc__sign-line--wide">
                <span className="consent-doc__line consent-doc__line--name">{name ?? ''}</span>
                <span className="consent-doc__caption">{ft('consentForm.doc.nameClarification')}</span>
              </div>
            </div>
          </div>
        ))}
      </section>

      <footer className="consent-doc__footer">
        {form.customer ? <span>{ft('consentForm.doc.footerCustomer', { number: form.customer.number })} · </span> : null}
        {ft('consentForm.doc.generated', { date: formatDateTime(form.generatedAt, locale) })}
      </footer>
    </article>
  );
}
