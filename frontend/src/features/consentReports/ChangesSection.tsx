//! Changes per period: from and to (default the last 30 days) and an interval, and a table of
//! periods (rows) × purposes (column groups of granted, withdrawn and denied), with totals.
//! Every data cell names its period, purpose and decision through `headers`, so a screen reader
//! reads "Week 10, Marketing e-mail, Granted: 4" rather than a bare number.
import { useId, useState, type SubmitEvent } from 'react';
import { useQuery } from 'urql';
import { Banner } from '../../components/Banner';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { ConsentChangesQuery as ConsentChangesResult, ConsentPurposeRefFragment, ReportInterval } from '../../gql/graphql';
import { useI18n, type MessageKey } from '../../i18n';
import { fieldErrors, generalMessage, primaryErrorCode } from '../../lib/errors';
import { localToday } from '../consents/consentForm';
import { purposeName } from '../consents/labels';
import {
  defaultRange,
  INTERVAL_LABELS,
  INTERVALS,
  periodLabel,
  pivotChanges,
  rangeProblems,
  toChangesVariables,
  type ChangeCounts,
  type ChangesRange,
  type ChangesRangeErrors,
} from './changes';

const ConsentChangesQuery = graphql(`
  query ConsentChanges($from: DateTime!, $to: DateTime!, $interval: ReportInterval!) {
    consentChanges(from: $from, to: $to, interval: $interval) {
      periodStart
      purpose {
        ...ConsentPurposeRef
      }
      granted
      withdrawn
      denied
    }
  }
`);

/** The counted decisions of a purpose, in the order of its columns. */
const DECISION_COLUMNS: readonly { readonly field: keyof ChangeCounts; readonly label: MessageKey }[] = [
  { field: 'granted', label: 'consent.status.GRANTED' },
  { field: 'withdrawn', label: 'consent.status.WITHDRAWN' },
  { field: 'denied', label: 'consent.status.DENIED' },
];

interface Props {
  /** The active purposes, in purpose order: each gets a column group, with changes or not. */
  readonly purposes: readonly ConsentPurposeRefFragment[];
}

export function ChangesSection({ purposes }: Props) {
  const { t } = useI18n();
  const [range, setRange] = useState<ChangesRange>(() => defaultRange(localToday()));
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ConsentChangesQuery,
    variables: toChangesVariables(range),
    requestPolicy: 'cache-and-network',
  });
  const serverErrors = fieldErrors(error, t('error.fieldInvalid'));
  const code = primaryErrorCode(error);

  return (
    <section className="form" aria-labelledby="changes-title" data-testid="consent-changes">
      <div className="page__header">
        <div>
          <h2 id="changes-title">{t('reports.changes.title')}</h2>
          <p className="muted card__subtitle">{t('reports.changes.intro')}</p>
        </div>
      </div>
      <ChangesForm
        // A new period starts the form over from it.
        key={JSON.stringify(range)}
        initial={range}
        serverErrors={serverErrors}
        onApply={setRange}
      />
      {error && code && (code !== 'BAD_USER_INPUT' || Object.keys(serverErrors).length === 0) ? (
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
          {code === 'BAD_USER_INPUT' ? (error.graphQLErrors[0]?.message ?? generalMessage(code, t)) : generalMessage(code, t)}
        </Banner>
      ) : null}
      {!data && fetching ? <Loading /> : null}
      {data ? <ChangesTable range={range} buckets={data.consentChanges} purposes={purposes} /> : null}
    </section>
  );
}

interface FormProps {
  readonly initial: ChangesRange;
  readonly serverErrors: Readonly<Record<string, string>>;
  readonly onApply: (range: ChangesRange) => void;
}

function ChangesForm({ initial, serverErrors, onApply }: FormProps) {
  const { t } = useI18n();
  const [values, setValues] = useState<ChangesRange>(initial);
  const [problems, setProblems] = useState<ChangesRangeErrors>({});

  const set = <K extends keyof ChangesRange>(key: K, value: ChangesRange[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const found = rangeProblems(values, t);
    setProblems(found);
    if (Object.keys(found).length === 0) onApply(values);
  };

  const intervalOptions: { value: ReportInterval; label: string }[] = INTERVALS.map((i) => ({ value: i, label: t(INTERVAL_LABELS[i]) }));

  return (
    <form className="card filters" aria-label={t('reports.changes.form')} onSubmit={onSubmit} noValidate>
      <div className="filters__grid">
        <TextField
          name="from"
          type="date"
          label={t('reports.changes.from')}
          value={values.from}
          onValue={(v) => {
            set('from', v);
          }}
          error={problems.from ?? serverErrors['from']}
        />
        <TextField
          name="to"
          type="date"
          label={t('reports.changes.to')}
          hint={t('reports.changes.toHint')}
          value={values.to}
          onValue={(v) => {
            set('to', v);
          }}
          error={problems.to ?? serverErrors['to']}
        />
        <SelectField
          name="interval"
          label={t('reports.changes.interval')}
          value={values.interval}
          options={intervalOptions}
          onValue={(v) => {
            set('interval', v);
          }}
          error={serverErrors['interval']}
        />
      </div>
      <div className="filters__actions">
        <button type="submit" className="button button--primary">
          {t('reports.changes.show')}
        </button>
      </div>
    </form>
  );
}

interface TableProps {
  readonly range: ChangesRange;
  readonly buckets: ConsentChangesResult['consentChanges'];
  readonly purposes: readonly ConsentPurposeRefFragment[];
}

function ChangesTable({ range, buckets, purposes }: TableProps) {
  const { t, lang, locale } = useI18n();
  const id = useId();
  const pivot = pivotChanges(buckets, purposes);
  const number = new Intl.NumberFormat(locale);
  const day = (date: string) => periodLabel(`${date}T00:00:00Z`, 'DAY', t, locale);

  if (pivot.rows.length === 0) {
    return (
      <div className="card empty" role="status">
        <p className="empty__title">{t('reports.changes.empty')}</p>
      </div>
    );
  }

  const purposeId = (i: number) => `${id}-p${String(i)}`;
  const decisionId = (i: number, field: string) => `${id}-p${String(i)}-${field}`;
  const cells = (counts: readonly ChangeCounts[], rowId: string) =>
    pivot.purposes.flatMap((purpose, i) =>
      DECISION_COLUMNS.map(({ field }) => (
        <td key={`${purpose.id}-${field}`} className="num" headers={`${rowId} ${purposeId(i)} ${decisionId(i, field)}`}>
          {number.format(counts[i]?.[field] ?? 0)}
        </td>
      )),
    );

  return (
    <div className="card card--flush">
      <div className="table-scroll">
        <table className="table" data-testid="changes-table">
          <caption className="sr-only">{t('reports.changes.caption', { from: day(range.from), to: day(range.to) })}</caption>
          <colgroup>
            <col />
          </colgroup>
          {pivot.purposes.map((purpose) => (
            <colgroup key={purpose.id} span={DECISION_COLUMNS.length} />
          ))}
          <thead>
            <tr>
              <td className="table__group table__group--empty" />
              {pivot.purposes.map((purpose, i) => (
                <th key={purpose.id} id={purposeId(i)} scope="colgroup" colSpan={DECISION_COLUMNS.length} className="table__group">
                  {purposeName(purpose, lang)}
                </th>
              ))}
            </tr>
            <tr>
              <th scope="col" id={`${id}-period`}>
                {t('reports.changes.period')}
              </th>
              {pivot.purposes.flatMap((purpose, i) =>
                DECISION_COLUMNS.map(({ field, label }) => (
                  <th key={`${purpose.id}-${field}`} id={decisionId(i, field)} scope="col" className="num">
                    {t(label)}
                  </th>
                )),
              )}
            </tr>
          </thead>
          <tbody>
            {pivot.rows.map((row, r) => {
              const rowId = `${id}-r${String(r)}`;
              return (
                <tr key={row.periodStart} data-period={row.periodStart}>
                  <th scope="row" id={rowId} className="consent-grid__contact">
                    {periodLabel(row.periodStart, range.interval, t, locale)}
                  </th>
                  {cells(row.cells, rowId)}
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" id={`${id}-total`} className="consent-grid__contact">
                <span className="strong">{t('reports.changes.total')}</span>
              </th>
              {cells(pivot.totals, `${id}-total`)}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
