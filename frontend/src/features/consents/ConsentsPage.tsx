//! /customers/:id/consents: the consent screen (EDIT_CONSENTS), reached from the customer card's
//! menu. A grid of the customer's contacts × the active purposes; each cell shows what is stored
//! and takes one click to grant, withdraw or deny. One save records every changed cell with one
//! source, one evidence text and an optional valid-until date, in one `recordConsents` call.
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type {
  ConsentChangeInput,
  ConsentDecision,
  ContactConsentFieldsFragment,
  ContactFieldsFragment,
  CustomerConsentsQuery as CustomerConsentsResult,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { CustomerNotLoaded } from '../customers/CustomerNotLoaded';
import { consentHistoryPath } from './consentColumns';
import {
  buildChanges,
  cellKey,
  chooseDecision,
  consentFormProblems,
  EMPTY_CONSENT_FORM,
  EVIDENCE_MAX,
  localToday,
  recordFailure,
  shownDecision,
  textLength,
  toRecordInput,
  type ConsentFormField,
  type ConsentFormValues,
  type Selection,
} from './consentForm';
import { ConsentLegend, ConsentStatusBadge } from './ConsentStatusBadge';
import { consentFor, DECISIONS, purposeName, purposesOf, SOURCE_LABELS, STAFF_SOURCES, STATUS_COPY } from './labels';

const CustomerConsentsQuery = graphql(`
  query CustomerConsents($id: ID!) {
    customer(id: $id) {
      id
      number
      displayName
      state
      contacts {
        ...ContactFields
      }
    }
  }
`);

const CurrentConsentDeclarationQuery = graphql(`
  query CurrentConsentDeclaration {
    consentDeclaration {
      id
      version
    }
  }
`);

const RecordConsentsMutation = graphql(`
  mutation RecordConsents($customerId: ID!, $input: RecordConsentsInput!) {
    recordConsents(customerId: $customerId, input: $input) {
      events {
        id
      }
      contacts {
        ...ContactFields
      }
    }
  }
`);

export function ConsentsPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  const { id = '' } = useParams();
  // Nothing to load for someone who may not record consents (the server would say FORBIDDEN).
  if (!hasRight(viewer, 'EDIT_CONSENTS')) return <NoAccess body={t('consents.noAccess')} />;
  return <ConsentsLoader key={id} id={id} />;
}

function ConsentsLoader({ id }: { readonly id: string }) {
  const { t } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CustomerConsentsQuery,
    variables: { id },
    // Show what is stored now: the statuses are what the changes are judged against.
    requestPolicy: 'network-only',
  });
  if (!data) {
    return (
      <CustomerNotLoaded
        error={error}
        fetching={fetching}
        onRetry={() => {
          reexecute({ requestPolicy: 'network-only' });
        }}
        notFoundMessage={t('customer.notFound')}
      />
    );
  }
  return <ConsentsEditor customer={data.customer} />;
}

interface EditorProps {
  readonly customer: CustomerConsentsResult['customer'];
}

/** The contacts the save returned, shown until the list is loaded again. */
interface Saved {
  readonly base: readonly ContactFieldsFragment[];
  readonly contacts: readonly ContactFieldsFragment[];
}

function ConsentsEditor({ customer }: EditorProps) {
  const { t, lang } = useI18n();
  const formId = useId();
  const [selection, setSelection] = useState<Selection>({});
  const [values, setValues] = useState<ConsentFormValues>(EMPTY_CONSENT_FORM);
  const [touched, setTouched] = useState<ReadonlySet<ConsentFormField>>(new Set());
  const [sent, setSent] = useState<readonly ConsentChangeInput[]>([]);
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [{ fetching: saving }, record] = useMutation(RecordConsentsMutation);
  const [declaration] = useQuery({ query: CurrentConsentDeclarationQuery });
  const formRef = useRef<HTMLFormElement>(null);
  const messagesRef = useRef<HTMLDivElement>(null);

  // After a save or a failed save, take the user to the outcome: the first invalid cell or field,
  // or the messages at the top (out of sight from the Save button under a long grid).
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('.consent-cell.is-invalid button, [aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
    } else if (messagesRef.current?.childElementCount) {
      messagesRef.current.scrollIntoView({ block: 'nearest' });
      messagesRef.current.focus();
    }
  }, [attempt]);

  const all = saved && saved.base === customer.contacts ? saved.contacts : customer.contacts;
  const contacts = all.filter((c) => !c.archived);
  const purposes = purposesOf(contacts);
  const changes = buildChanges(
    contacts,
    purposes.map((p) => p.id),
    selection,
  );
  const problems = consentFormProblems(values, localToday(), t);
  const failure = recordFailure(serverError, sent, t);
  const fieldError = (field: ConsentFormField): string | undefined =>
    (touched.has(field) ? problems[field] : undefined) ?? failure.fields[field];
  const valid = Object.keys(problems).length === 0;
  const canSave = changes.length > 0 && valid && !saving;
  const anonymized = customer.state === 'ANONYMIZED';
  const cardPath = `/customers/${customer.id}/contacts`;

  const set = <K extends keyof ConsentFormValues>(key: K, value: ConsentFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setNotice(null);
  };
  const touch = (field: ConsentFormField) => {
    setTouched((prev) => (prev.has(field) ? prev : new Set([...prev, field])));
  };

  const choose = (key: string, decision: ConsentDecision, current: ContactConsentFieldsFragment['status']) => {
    setSelection((s) => chooseDecision(s, key, decision, current));
    setNotice(null);
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setTouched(new Set(['source', 'evidence', 'validUntil']));
    const input = valid ? toRecordInput(values, changes) : null;
    if (!input) {
      setAttempt((a) => a + 1);
      return;
    }
    setServerError(null);
    setNotice(null);
    setSent(input.changes);
    const result = await record({ customerId: customer.id, input });
    if (result.data) {
      const count = result.data.recordConsents.events.length;
      setSaved({ base: customer.contacts, contacts: result.data.recordConsents.contacts });
      setSelection({});
      setValues(EMPTY_CONSENT_FORM);
      setTouched(new Set());
      setSent([]);
      setNotice(count === 1 ? t('consents.savedOne') : t('consents.savedMany', { count }));
    } else if (result.error) {
      setServerError(result.error);
    }
    setAttempt((a) => a + 1);
  };

  const undo = () => {
    setSelection({});
    setServerError(null);
  };

  const evidenceLength = textLength(values.evidence.trim());
  const status =
    changes.length === 0
      ? t('consents.form.noChanges')
      : !valid
        ? t('consents.form.incomplete')
        : changes.length === 1
          ? t('consents.form.readyOne')
          : t('consents.form.readyMany', { count: changes.length });
  const sourceOptions = [
    { value: '' as const, label: t('consents.form.sourceChoose') },
    ...STAFF_SOURCES.map((s) => ({ value: s, label: t(SOURCE_LABELS[s]) })),
  ];
  const version = declaration.data?.consentDeclaration.version;

  return (
    <main className="page" id="main">
      <p className="breadcrumb">
        <Link to={cardPath}>{t('consents.backToCard')}</Link>
      </p>
      <div className="page__header">
        <div>
          <h1>{t('consents.title', { name: customer.displayName })}</h1>
          <p className="muted">
            {t('customer.number', { number: customer.number })}
            {version !== undefined ? (
              <>
                <span aria-hidden="true"> · </span>
                {t('consents.declarationInForce', { version })}
              </>
            ) : null}
          </p>
        </div>
      </div>
      <p>{t('consents.intro')}</p>

      {anonymized ? (
        <Banner tone="info">{t('consents.anonymized')}</Banner>
      ) : contacts.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('consents.noContacts')}</p>
          <Link className="button" to={cardPath}>
            {t('consents.toContacts')}
          </Link>
        </div>
      ) : purposes.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('consents.noPurposes')}</p>
          <p className="muted">{t('consents.noPurposesHint')}</p>
        </div>
      ) : (
        <form className="form" ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
          <div className="form__messages" ref={messagesRef} tabIndex={-1}>
            {notice ? (
              <Banner tone="info" testId="consents-notice">
                {notice}
              </Banner>
            ) : null}
            {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
          </div>

          <section className="card card--flush" aria-labelledby={`${formId}-grid`}>
            <div className="card__header">
              <h2 className="card__title" id={`${formId}-grid`}>
                {t('consents.gridTitle')}
              </h2>
              <button type="button" className="button button--small" onClick={undo} disabled={changes.length === 0}>
                {t('consents.undo')}
              </button>
            </div>
            <div className="table-scroll">
              <table className="table consent-grid" data-testid="consent-grid">
                <caption className="sr-only">{t('consents.gridCaption', { name: customer.displayName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('contacts.col.name')}</th>
                    {purposes.map((p) => (
                      <th scope="col" key={p.id}>
                        {purposeName(p, lang)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {contacts.map((contact) => (
                    <tr key={contact.id} data-contact-id={contact.id}>
                      <th scope="row" className="consent-grid__contact">
                        <span className="strong">{contact.name}</span>
                        {contact.email ? <span className="small muted consent-grid__email">{contact.email}</span> : null}
                        <Link
                          className="small"
                          to={consentHistoryPath(customer.id, contact.id)}
                          aria-label={t('consents.historyNamed', { name: contact.name })}
                        >
                          {t('consents.history')}
                        </Link>
                      </th>
                      {purposes.map((purpose) => {
                        const key = cellKey(contact.id, purpose.id);
                        return (
                          <ConsentCell
                            key={purpose.id}
                            contactName={contact.name}
                            purpose={purposeName(purpose, lang)}
                            consent={consentFor(contact, purpose.id)}
                            pending={selection[key]}
                            shown={shownDecision(selection, key, consentFor(contact, purpose.id)?.status ?? 'NOT_ASKED')}
                            error={failure.cells[key]}
                            onChoose={(decision) => {
                              choose(key, decision, consentFor(contact, purpose.id)?.status ?? 'NOT_ASKED');
                            }}
                          />
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ConsentLegend />
          </section>

          <section className="card form" aria-labelledby={`${formId}-evidence`}>
            <div>
              <h2 className="card__title" id={`${formId}-evidence`}>
                {t('consents.form.title')}
              </h2>
              <p className="muted small">{t('consents.form.intro')}</p>
            </div>
            <div className="grid grid--2">
              <SelectField
                name="source"
                label={t('consents.form.source')}
                hint={t('consents.form.sourceHint')}
                required
                value={values.source}
                options={sourceOptions}
                onValue={(v) => {
                  set('source', v);
                  touch('source');
                }}
                onBlur={() => {
                  touch('source');
                }}
                error={fieldError('source')}
              />
              {values.source === 'PAPER_FORM' && version !== undefined && version > 1 ? (
                <SelectField
                  name="formVersion"
                  label={t('consents.form.formVersion')}
                  hint={t('consents.form.formVersionHint')}
                  value={values.formVersion ?? ''}
                  options={[
                    { value: '', label: t('consents.form.formVersionCurrent', { version }) },
                    ...Array.from({ length: version - 1 }, (_, i) => version - 1 - i).map((v) => ({
                      value: String(v),
                      label: t('consents.form.formVersionOlder', { version: v }),
                    })),
                  ]}
                  onValue={(v) => {
                    set('formVersion', v);
                  }}
                />
              ) : null}
              <TextField
                name="validUntil"
                type="date"
                label={t('consents.form.validUntil')}
                hint={t('consents.form.validUntilHint')}
                min={localToday()}
                value={values.validUntil}
                onValue={(v) => {
                  set('validUntil', v);
                }}
                onBlur={() => {
                  touch('validUntil');
                }}
                error={fieldError('validUntil')}
              />
            </div>
            <TextAreaField
              name="evidence"
              label={t('consents.form.evidence')}
              hint={
                <>
                  {t('consents.form.evidenceHint')}{' '}
                  <span className={evidenceLength > EVIDENCE_MAX ? 'field__error' : undefined} data-testid="evidence-counter">
                    {t('consents.form.counter', { count: evidenceLength, max: EVIDENCE_MAX })}
                  </span>
                </>
              }
              required
              rows={3}
              value={values.evidence}
              onValue={(v) => {
                set('evidence', v);
              }}
              onBlur={() => {
                touch('evidence');
              }}
              error={fieldError('evidence')}
            />
          </section>

          <div className="form__actions consent-actions">
            <button type="submit" className="button button--primary" disabled={!canSave}>
              {saving ? t('common.saving') : t('common.save')}
            </button>
            <Link className="button" to={cardPath}>
              {t('consents.done')}
            </Link>
            <p className="small muted consent-actions__status" aria-live="polite" data-testid="consents-status">
              {status}
            </p>
          </div>
        </form>
      )}
    </main>
  );
}

interface CellProps {
  readonly contactName: string;
  readonly purpose: string;
  readonly consent: ContactConsentFieldsFragment | undefined;
  /** The decision chosen in this visit, if any. */
  readonly pending: ConsentDecision | undefined;
  /** The decision the buttons show as chosen: the pending one, else what is stored. */
  readonly shown: ConsentDecision | null;
  readonly error: string | undefined;
  readonly onChoose: (decision: ConsentDecision) => void;
}

function ConsentCell({ contactName, purpose, consent, pending, shown, error, onChoose }: CellProps) {
  const { t } = useI18n();
  const errorId = useId();
  const changeId = useId();
  const describedBy = [pending ? changeId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <td className={['consent-cell', pending ? 'is-changed' : '', error ? 'is-invalid' : ''].join(' ').trim()}>
      {consent ? (
        <ConsentStatusBadge consent={consent} purpose={purpose} />
      ) : (
        <span className="muted small">{t('common.notSet')}</span>
      )}
      <div
        role="group"
        className="decision-toggle"
        aria-label={t('consents.cellLabel', { purpose, name: contactName })}
        aria-describedby={describedBy}
      >
        {DECISIONS.map((decision) => (
          <button
            key={decision}
            type="button"
            className={
              pending === decision ? 'decision-toggle__option is-pending' : 'decision-toggle__option'
            }
            data-decision={decision}
            aria-pressed={shown === decision}
            onClick={() => {
              onChoose(decision);
            }}
          >
            <span aria-hidden="true" className="consent-status__symbol">
              {STATUS_COPY[decision].symbol}
            </span>
            {t(STATUS_COPY[decision].label)}
          </button>
        ))}
      </div>
      {pending ? (
        <p className="small consent-cell__change" id={changeId}>
          {t('consents.willRecord', { decision: t(STATUS_COPY[pending].label) })}
        </p>
      ) : null}
      {error ? (
        <p className="field__error small" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </td>
  );
}
