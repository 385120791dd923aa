//! /my: the end customer's own page (a My page session, cookie `tillit_portal`; never the staff
//! session). The declaration in force, one row per purpose with its status in words and ONE
//! button (give or withdraw, one click either way), the history of changes, and "Download my
//! data". Without a session `portalMe` answers UNAUTHENTICATED and the page goes to /my/login.
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type {
  ConsentStatus,
  PortalMeQuery as PortalMeResult,
  PortalOverviewFieldsFragment,
  PortalPurposeFieldsFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { hasErrorCode } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { downloadBlob } from '../consentReports/csvExport';
import { newestFirst, purposeName, SOURCE_LABELS, STATUS_COPY } from '../consents/labels';
import {
  actionFailureMessage,
  consentActions,
  consentChangedNotice,
  MY_DATA_FILE_NAME,
  MY_LOGIN_PATH,
  myDataBlob,
  myLoginNoticeState,
  myStatusTone,
  purposeDescription,
  statusHint,
  type ConsentAction,
} from './myPage';
import { MyPageLayout } from './MyPageLayout';

const PortalMeQuery = graphql(`
  query PortalMe {
    portalMe {
      ...PortalOverviewFields
    }
  }
`);

const PortalSetConsentMutation = graphql(`
  mutation PortalSetConsent($purpose: String!, $decision: ConsentDecision!) {
    portalSetConsent(purpose: $purpose, decision: $decision) {
      ...PortalOverviewFields
    }
  }
`);

const PortalMyDataQuery = graphql(`
  query PortalMyData {
    portalMyData
  }
`);

const PortalLogoutMutation = graphql(`
  mutation PortalLogout {
    portalLogout
  }
`);

/** What the live region says: kept as data, so it follows the language switch. */
type Notice =
  | { readonly kind: 'changed'; readonly purpose: PortalPurposeFieldsFragment; readonly status: ConsentStatus | undefined }
  | { readonly kind: 'downloaded' };

/** The answer of the last change, shown until the page's own query has something newer. */
interface Answer {
  readonly basedOn: PortalMeResult | undefined;
  readonly overview: PortalOverviewFieldsFragment;
}

type Consent = PortalOverviewFieldsFragment['consents'][number];

export function MyPage() {
  const { t, lang, locale } = useI18n();
  const navigate = useNavigate();
  const client = useClient();
  const { resetSession } = useSession();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: PortalMeQuery, requestPolicy: 'cache-and-network' });
  const [, setConsent] = useMutation(PortalSetConsentMutation);
  const [, logout] = useMutation(PortalLogoutMutation);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busyPurpose, setBusyPurpose] = useState<string | null>(null);
  // The polite live region: what the last change did, in words.
  const [notice, setNotice] = useState<Notice | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  const sessionEnded = () => {
    resetSession();
    void navigate(MY_LOGIN_PATH, { replace: true, state: myLoginNoticeState('expired') });
  };

  if (!data) {
    // Not signed in to My page (the staff session does not count): to the sign-in page.
    if (hasErrorCode(error, 'UNAUTHENTICATED')) return <Navigate to={MY_LOGIN_PATH} replace />;
    return (
      <MyPageLayout narrow>
        {error && !fetching ? (
          <Banner
            action={
              <button
                type="button"
                className="button"
                onClick={() => {
                  reexecute({ requestPolicy: 'network-only' });
                }}
              >
                {t('common.retry')}
              </button>
            }
          >
            {actionFailureMessage(error, t)}
          </Banner>
        ) : (
          <Loading label={t('app.loading')} />
        )}
      </MyPageLayout>
    );
  }

  // The answer of a change, until the query itself has been answered again.
  const overview = answer && answer.basedOn === data ? answer.overview : data.portalMe;

  const change = async (consent: Consent, action: ConsentAction) => {
    // One change at a time; the buttons stay focusable (a disabled button would drop the focus).
    if (busyPurpose !== null) return;
    const purpose = consent.purpose;
    setBusyPurpose(purpose.key);
    setActionError(null);
    setNotice(null);
    const result = await setConsent({ purpose: purpose.key, decision: action.decision });
    setBusyPurpose(null);
    if (result.data) {
      const next = result.data.portalSetConsent;
      setAnswer({ basedOn: data, overview: next });
      const now = next.consents.find((c) => c.purpose.key === purpose.key);
      setNotice({ kind: 'changed', purpose, status: now?.status });
      return;
    }
    if (hasErrorCode(result.error, 'UNAUTHENTICATED')) {
      sessionEnded();
      return;
    }
    setActionError(actionFailureMessage(result.error, t));
  };

  const download = async () => {
    setDownloading(true);
    setActionError(null);
    const result = await client.query(PortalMyDataQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    setDownloading(false);
    if (result.data) {
      downloadBlob(myDataBlob(result.data.portalMyData), MY_DATA_FILE_NAME);
      setNotice({ kind: 'downloaded' });
      return;
    }
    if (hasErrorCode(result.error, 'UNAUTHENTICATED')) {
      sessionEnded();
      return;
    }
    setActionError(actionFailureMessage(result.error, t));
  };

  const signOut = async () => {
    setSigningOut(true);
    setActionError(null);
    const result = await logout({});
    if (result.error && !hasErrorCode(result.error, 'UNAUTHENTICATED')) {
      setSigningOut(false);
      setActionError(t('myPage.signOutFailed'));
      return;
    }
    // Nothing of this person stays in memory.
    resetSession();
    void navigate(MY_LOGIN_PATH, { replace: true, state: myLoginNoticeState('signedOut') });
  };

  const history = newestFirst(overview.history);
  const noticeText =
    notice === null
      ? null
      : notice.kind === 'downloaded'
        ? t('myPage.data.downloaded', { file: MY_DATA_FILE_NAME })
        : consentChangedNotice(purposeName(notice.purpose, lang), notice.status, t);

  return (
    <MyPageLayout viewer={overview} onSignOut={() => void signOut()} signingOut={signingOut}>
      <div className="my__intro">
        <h1>{t('myPage.hello', { name: overview.name })}</h1>
        <p className="muted">{t('myPage.intro', { customer: overview.customerName })}</p>
      </div>

      {actionError ? <Banner testId="my-page-error">{actionError}</Banner> : null}
      {/* Always in the page, so that every change is announced (politely) when it is filled. */}
      <p className={noticeText ? 'my__notice' : 'my__notice my__notice--empty'} role="status" data-testid="my-page-notice">
        {noticeText ? (
          <>
            <span aria-hidden="true">✓ </span>
            {noticeText}
          </>
        ) : null}
      </p>

      <section className="card my__section" aria-labelledby="my-declaration-title">
        <h2 id="my-declaration-title">{t('myPage.declaration.title')}</h2>
        <p className="muted small" data-testid="my-page-declaration-version">
          {t('myPage.declaration.version', { version: overview.declarationVersion })}
        </p>
        <div
          className="declaration__text my__declaration"
          role="region"
          aria-label={t('myPage.declaration.textLabel', { version: overview.declarationVersion })}
          tabIndex={0}
        >
          {overview.declarationText}
        </div>
      </section>

      <section className="card my__section" aria-labelledby="my-consents-title">
        <h2 id="my-consents-title">{t('myPage.consents.title')}</h2>
        <p className="muted">{t('myPage.consents.intro')}</p>
        {overview.consents.length === 0 ? (
          <p className="muted" role="status">
            {t('myPage.consents.empty')}
          </p>
        ) : (
          <ul className="my-consents" aria-labelledby="my-consents-title">
            {overview.consents.map((consent) => {
              const purpose = consent.purpose;
              const name = purposeName(purpose, lang);
              const copy = STATUS_COPY[consent.status];
              const tone = myStatusTone(consent.status);
              const actions = consentActions(consent.status);
              const hint = statusHint(consent.status, t);
              const nameId = `my-purpose-${purpose.key}`;
              return (
                <li
                  key={purpose.id}
                  className="my-consent"
                  data-purpose-key={purpose.key}
                  data-status={consent.status}
                  aria-labelledby={nameId}
                >
                  <div className="my-consent__text">
                    <h3 className="my-consent__name" id={nameId}>
                      {name}
                    </h3>
                    <p className="muted">{purposeDescription(purpose, lang)}</p>
                  </div>
                  <div className="my-consent__state">
                    <span className={`badge badge--${tone} consent-status`} data-testid="my-consent-status">
                      <span aria-hidden="true" className="consent-status__symbol">
                        {copy.symbol}
                      </span>{' '}
                      {t(copy.label)}
                    </span>
                    {consent.changedAt ? (
                      <span className="small muted">
                        {t('myPage.changedOn', { date: formatDate(consent.changedAt, locale) })}
                      </span>
                    ) : null}
                    {hint ? <span className="small">{hint}</span> : null}
                  </div>
                  <div className="my-consent__action">
                    {actions.map((action, index) => (
                      <button
                        key={action.decision}
                        type="button"
                        className={index === 0 ? 'button button--primary' : 'button'}
                        aria-label={t(action.named, { purpose: name })}
                        aria-disabled={busyPurpose !== null ? true : undefined}
                        aria-busy={busyPurpose === purpose.key ? true : undefined}
                        onClick={() => void change(consent, action)}
                      >
                        {t(action.label)}
                      </button>
                    ))}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="card card--flush my__section" aria-labelledby="my-history-title">
        <div className="card__header">
          <h2 className="card__title" id="my-history-title">
            {t('myPage.history.title')}
          </h2>
        </div>
        {history.length === 0 ? (
          <p className="empty muted">{t('myPage.history.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="my-history">
              <caption className="sr-only">{t('myPage.history.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('myPage.history.col.date')}</th>
                  <th scope="col">{t('myPage.history.col.purpose')}</th>
                  <th scope="col">{t('myPage.history.col.decision')}</th>
                  <th scope="col">{t('myPage.history.col.source')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((event) => {
                  const copy = STATUS_COPY[event.decision];
                  return (
                    <tr key={event.id}>
                      <td className="nowrap">
                        <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt, locale)}</time>
                      </td>
                      <td>{purposeName(event.purpose, lang)}</td>
                      <td className="nowrap">{t(copy.label)}</td>
                      <td>{t(SOURCE_LABELS[event.source])}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card my__section" aria-labelledby="my-data-title">
        <h2 id="my-data-title">{t('myPage.data.title')}</h2>
        <p className="muted">{t('myPage.data.intro')}</p>
        <button type="button" className="button" onClick={() => void download()} disabled={downloading}>
          <span aria-hidden="true">⤓ </span>
          {downloading ? t('myPage.data.downloading') : t('myPage.data.download')}
        </button>
      </section>
    </MyPageLayout>
  );
}
