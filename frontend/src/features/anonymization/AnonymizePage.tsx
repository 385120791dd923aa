//! /customers/:id/anonymize (ANONYMIZE): anonymizing a customer, irreversibly. The page shows
//! what goes (names, identity number, addresses, contact persons, …) and what stays (orders,
//! invoices, tasks, consent events), and every place in free text that still names the
//! customer's people, each with a one-click "Redact" (the preview is then loaded again and the
//! mention is gone). Mentions in records of customers the viewer may not see are only counted.
//! Anonymizing needs the customer's number typed in; then the card shows the anonymized customer.
import { useId, useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type { AnonymizationPreviewQuery, MentionSource } from '../../gql/graphql';
import { useT } from '../../i18n';
import { bannerMessage, fieldErrors, generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import {
  categoryLabel,
  confirmNumberMatches,
  fieldLabel,
  hiddenMentionsText,
  isCounted,
  MENTION_KIND_LABELS,
  mentionKey,
  parseConfirmNumber,
  recordLabel,
  sortCategories,
  type CategoryCount,
} from './anonymization';

const AnonymizationPreviewQueryDoc = graphql(`
  query AnonymizationPreview($customerId: ID!) {
    anonymizationPreview(customerId: $customerId) {
      customerId
      customerNumber
      displayName
      removes {
        category
        count
      }
      keeps {
        category
        count
      }
      mentions {
        source
        recordId
        label
        field
        customerId
        excerpt
        kinds
        count
      }
      hiddenMentions
    }
  }
`);

const RedactMentionsMutation = graphql(`
  mutation RedactMentions($customerId: ID!, $source: MentionSource!, $recordId: ID!, $field: String!) {
    redactMentions(customerId: $customerId, source: $source, recordId: $recordId, field: $field)
  }
`);

const AnonymizeCustomerMutation = graphql(`
  mutation AnonymizeCustomer($id: ID!, $confirmNumber: Int!) {
    anonymizeCustomer(id: $id, confirmNumber: $confirmNumber) {
      alreadyAnonymized
      receipt {
        id
        performedAt
      }
      customer {
        ...CustomerFields
      }
    }
  }
`);

type Mention = AnonymizationPreviewQuery['anonymizationPreview']['mentions'][number];

/** What a redaction changes, so lists of those records that are cached load again. */
const TYPENAMES_OF: Readonly<Record<MentionSource, string>> = {
  ORDER: 'Order',
  ORDER_LINE: 'Order',
  INVOICE: 'Invoice',
  INVOICE_LINE: 'Invoice',
  TASK: 'Task',
  CUSTOMER_NOTE: 'Customer',
};

// Anonymizing changes the customer, its contacts and what lists show about them.
const ANONYMIZE_CONTEXT = { additionalTypenames: ['Customer', 'Contact', 'Order', 'Invoice', 'Task'] };

export function AnonymizePage() {
  const t = useT();
  const viewer = useViewer();
  const { id = '' } = useParams();
  if (!hasRight(viewer, 'ANONYMIZE')) return <NoAccess body={t('anonymize.noAccess')} />;
  return <Anonymize customerId={id} />;
}

type Redacted = { readonly label: string; readonly count: number } | null;

function Anonymize({ customerId }: { readonly customerId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const cardPath = `/customers/${customerId}`;
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: AnonymizationPreviewQueryDoc,
    variables: { customerId },
    // Always what is in the database now: mentions change as records are edited.
    requestPolicy: 'network-only',
  });
  const [, redact] = useMutation(RedactMentionsMutation);
  const [redacting, setRedacting] = useState<string | null>(null);
  const [redacted, setRedacted] = useState<Redacted>(null);
  const [redactError, setRedactError] = useState<CombinedError | null>(null);

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  if (!data) {
    if (fetching || !error) {
      return (
        <main className="page" id="main">
          <Loading />
        </main>
      );
    }
    const already = hasErrorCode(error, 'CONFLICT');
    const notFound = hasErrorCode(error, 'NOT_FOUND');
    return (
      <main className="page page--narrow" id="main">
        <Banner
          tone={already ? 'info' : 'error'}
          action={
            already || notFound ? (
              <Link className="button" to={notFound ? '/customers' : cardPath}>
                {notFound ? t('customer.backToSearch') : t('anonymize.backToCard')}
              </Link>
            ) : (
              <button type="button" className="button" onClick={reload}>
                {t('common.retry')}
              </button>
            )
          }
        >
          {already
            ? t('anonymize.alreadyAnonymized')
            : notFound
              ? t('customer.notFound')
              : generalMessage(primaryErrorCode(error) ?? 'INTERNAL', t)}
        </Banner>
      </main>
    );
  }

  const preview = data.anonymizationPreview;
  const hidden = hiddenMentionsText(preview.hiddenMentions, t);

  const redactOne = async (mention: Mention) => {
    const key = mentionKey(mention);
    setRedacting(key);
    setRedacted(null);
    setRedactError(null);
    const result = await redact(
      { customerId, source: mention.source, recordId: mention.recordId, field: mention.field },
      { additionalTypenames: [TYPENAMES_OF[mention.source]] },
    );
    if (result.error) {
      setRedacting(null);
      setRedactError(result.error);
      return;
    }
    setRedacted({ label: recordLabel(mention.source, mention.label, t), count: result.data?.redactMentions ?? 0 });
    // The preview again, from the server: the redacted mention is gone from it.
    reexecute({ requestPolicy: 'network-only' });
    setRedacting(null);
  };

  return (
    <main className="page" id="main">
      <p className="breadcrumb">
        <Link to={cardPath}>{t('anonymize.backToCard')}</Link>
      </p>
      <div className="page__header">
        <div>
          <h1>{t('anonymize.title')}</h1>
          <p className="muted" data-testid="anonymize-customer">
            {preview.displayName}
            <span aria-hidden="true"> · </span>
            {t('customer.number', { number: preview.customerNumber })}
          </p>
        </div>
      </div>
      <Banner tone="warning">{t('anonymize.intro')}</Banner>

      <div className="anonymize__summary">
        <CategorySection
          id="anonymize-removes"
          title={t('anonymize.removes')}
          hint={t('anonymize.removesHint')}
          categories={preview.removes}
          empty={t('anonymize.removesEmpty')}
        />
        <CategorySection
          id="anonymize-keeps"
          title={t('anonymize.keeps')}
          hint={t('anonymize.keepsHint')}
          categories={preview.keeps}
          empty={t('anonymize.keepsEmpty')}
        />
      </div>

      <section className="card card--flush" aria-labelledby="anonymize-mentions">
        <div className="card__header">
          <div>
            <h2 className="card__title" id="anonymize-mentions">
              {t('anonymize.mentions')}
            </h2>
            <p className="muted small notice">{t('anonymize.mentionsHint')}</p>
          </div>
        </div>
        {redacted ? (
          <Banner tone="info" testId="redacted-notice">
            {t(redacted.count === 1 ? 'anonymize.redactedOne' : 'anonymize.redactedMany', {
              count: redacted.count,
              record: redacted.label,
            })}
          </Banner>
        ) : null}
        {redactError ? <Banner>{generalMessage(primaryErrorCode(redactError) ?? 'INTERNAL', t)}</Banner> : null}
        {preview.mentions.length === 0 ? (
          <p className="empty muted" role="status" data-testid="no-mentions">
            {t('anonymize.noMentions')}
          </p>
        ) : (
          <ul className="mention-list" aria-label={t('anonymize.mentions')} data-testid="mentions">
            {preview.mentions.map((mention) => {
              const key = mentionKey(mention);
              const record = recordLabel(mention.source, mention.label, t);
              const field = fieldLabel(mention.field, t);
              return (
                <li key={key} className="mention" data-testid="mention" data-source={mention.source}>
                  <div>
                    <div className="mention__head">
                      <span className="strong">{record}</span>
                      <span className="muted">· {field}</span>
                      {mention.kinds.map((kind) => (
                        <Badge key={kind} tone="warning">
                          {t(MENTION_KIND_LABELS[kind])}
                        </Badge>
                      ))}
                      {mention.count > 1 ? (
                        <span className="small muted">{t('anonymize.mentionCount', { count: mention.count })}</span>
                      ) : null}
                    </div>
                    <blockquote className="mention__excerpt" data-testid="mention-excerpt">
                      {mention.excerpt}
                    </blockquote>
                  </div>
                  <div className="mention__actions">
                    <button
                      type="button"
                      className="button button--small button--danger-outline"
                      aria-label={t('anonymize.redactNamed', { record, field })}
                      disabled={redacting !== null || fetching}
                      onClick={() => void redactOne(mention)}
                    >
                      {redacting === key ? t('anonymize.redacting') : t('anonymize.redact')}
                    </button>
                    {mention.customerId ? (
                      <Link className="small" to={`/customers/${mention.customerId}`}>
                        {mention.customerId === customerId ? t('anonymize.openThisCard') : t('anonymize.openOtherCard')}
                      </Link>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {hidden ? (
          <p className="card__footer muted" data-testid="hidden-mentions">
            {hidden}
          </p>
        ) : null}
      </section>

      <ConfirmSection
        customerId={customerId}
        number={preview.customerNumber}
        name={preview.displayName}
        onDone={() => void navigate(cardPath)}
      />
    </main>
  );
}

interface CategorySectionProps {
  readonly id: string;
  readonly title: string;
  readonly hint: string;
  readonly categories: readonly CategoryCount[];
  readonly empty: string;
}

function CategorySection({ id, title, hint, categories, empty }: CategorySectionProps) {
  const t = useT();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 className="card__title" id={id}>
        {title}
      </h2>
      <p className="muted small">{hint}</p>
      {categories.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="category-list" data-testid={id}>
          {sortCategories(categories).map((c) => (
            <li key={c.category}>
              <span>{categoryLabel(c.category, t)}</span>
              {isCounted(c.category) ? <span className="strong">{c.count}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface ConfirmProps {
  readonly customerId: string;
  readonly number: number;
  readonly name: string;
  readonly onDone: () => void;
}

/** The irreversible step: the customer's number typed in, then one button. */
function ConfirmSection({ customerId, number, name, onDone }: ConfirmProps) {
  const t = useT();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<CombinedError | null>(null);
  const [state, anonymize] = useMutation(AnonymizeCustomerMutation);
  const matches = confirmNumberMatches(typed, number);
  const fieldError = fieldErrors(error, t('error.fieldInvalid'))['confirmNumber'];
  const message = bannerMessage(error, t, new Set(['confirmNumber']));

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const confirmNumber = parseConfirmNumber(typed);
    if (!matches || confirmNumber === null) return;
    setError(null);
    const result = await anonymize({ id: customerId, confirmNumber }, ANONYMIZE_CONTEXT);
    if (result.data) onDone();
    else if (result.error) setError(result.error);
  };

  return (
    <section className="card anonymize__confirm" aria-labelledby="anonymize-confirm">
      <h2 className="card__title" id="anonymize-confirm">
        {t('anonymize.confirmTitle')}
      </h2>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <p>{t('anonymize.confirmBody', { name, number })}</p>
        <p className="strong">{t('anonymize.irreversible')}</p>
        {message ? <Banner testId="form-error">{message}</Banner> : null}
        <div className={fieldError ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={inputId}>
            {t('anonymize.confirmLabel', { number })}
          </label>
          <input
            id={inputId}
            name="confirmNumber"
            className="input"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={`${inputId}-hint${fieldError ? ` ${inputId}-error` : ''}`}
            onChange={(e) => {
              setTyped(e.target.value);
              setError(null);
            }}
          />
          <p className="field__hint" id={`${inputId}-hint`}>
            {matches ? t('anonymize.confirmMatches') : t('anonymize.confirmHint')}
          </p>
          {fieldError ? (
            <p className="field__error" id={`${inputId}-error`} data-testid="field-error-confirmNumber">
              <span aria-hidden="true">⚠ </span>
              {fieldError}
            </p>
          ) : null}
        </div>
        <div className="form__actions">
          <Link className="button" to={`/customers/${customerId}`}>
            {t('common.cancel')}
          </Link>
          <button type="submit" className="button button--danger" disabled={!matches || state.fetching}>
            {state.fetching ? t('anonymize.anonymizing') : t('anonymize.confirm')}
          </button>
        </div>
      </form>
    </section>
  );
}
