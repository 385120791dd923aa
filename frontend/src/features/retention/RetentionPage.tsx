//! /admin/retention (ANONYMIZE or MANAGE_SETTINGS): the retention rule. The rule ("anonymize
//! private customers with no activity for N months", optionally run by the server every hour)
//! is edited with MANAGE_SETTINGS. With ANONYMIZE, a dry run for the months in the form (saved
//! or not) lists who would be anonymized and who is kept and why; after it, the eligible
//! customers are anonymized in batches of 50 — once the number of customers is typed in — with
//! a progress bar and a Cancel that stops after the batch in flight. The dry run is then loaded
//! again.
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { CombinedError, useClient, useMutation, useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type { RetentionPreviewQuery, RetentionRuleQuery } from '../../gql/graphql';
import { useI18n, useT } from '../../i18n';
import { bannerMessage, fieldErrors, generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { confirmNumberMatches } from '../anonymization/anonymization';
import {
  BATCH_SIZE,
  DEFAULT_MONTHS,
  MAX_MONTHS,
  MIN_MONTHS,
  PREVIEW_FIRST,
  candidateStatus,
  monthsError,
  outcomeText,
  parseMonths,
  previewSummary,
  progressOf,
  progressText,
  runButtonLabel,
  runInBatches,
  truncationNotice,
  type RunOutcome,
} from './retention';

const RetentionRuleQueryDoc = graphql(`
  query RetentionRule {
    retentionRule {
      inactiveMonths
      autoRun
      updatedAt
      lastRunAt
      lastRunAnonymized
    }
  }
`);

const RetentionPreviewQueryDoc = graphql(`
  query RetentionPreview($inactiveMonths: Int!, $first: Int!) {
    retentionPreview(inactiveMonths: $inactiveMonths, first: $first) {
      inactiveMonths
      eligible
      blocked
      customers {
        customerId
        customerNumber
        displayName
        lastActivityAt
        blocked
      }
    }
  }
`);

const SetRetentionRuleMutation = graphql(`
  mutation SetRetentionRule($inactiveMonths: Int!, $autoRun: Boolean!) {
    setRetentionRule(inactiveMonths: $inactiveMonths, autoRun: $autoRun) {
      inactiveMonths
      autoRun
      updatedAt
      lastRunAt
      lastRunAnonymized
    }
  }
`);

const RunRetentionMutation = graphql(`
  mutation RunRetention($inactiveMonths: Int!, $batchSize: Int!) {
    runRetention(inactiveMonths: $inactiveMonths, batchSize: $batchSize) {
      anonymized
      remaining
      blocked
    }
  }
`);

type Rule = NonNullable<RetentionRuleQuery['retentionRule']>;
type Preview = RetentionPreviewQuery['retentionPreview'];

/** The input path the server names in `BAD_USER_INPUT` for the months. */
const MONTHS_FIELD = 'inactiveMonths';
const MONTHS_FIELDS: ReadonlySet<string> = new Set([MONTHS_FIELD]);

// Anonymizing changes customers, their contacts and what lists show about them.
const RUN_CONTEXT = { additionalTypenames: ['Customer', 'Contact', 'Order', 'Invoice', 'Task', 'AnonymizationReceipt'] };

export function RetentionPage() {
  const t = useT();
  const viewer = useViewer();
  const canSettings = hasRight(viewer, 'MANAGE_SETTINGS');
  const canAnonymize = hasRight(viewer, 'ANONYMIZE');
  if (!canSettings && !canAnonymize) return <NoAccess body={t('retention.noAccess')} />;
  return <Retention canSettings={canSettings} canAnonymize={canAnonymize} isAdmin={viewer.isAdmin} />;
}

interface Rights {
  readonly canSettings: boolean;
  readonly canAnonymize: boolean;
  readonly isAdmin: boolean;
}

function Retention(rights: Rights) {
  const t = useT();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: RetentionRuleQueryDoc, requestPolicy: 'cache-and-network' });
  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };
  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('retention.noAccess')} />;

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('retention.title')}</h1>
          <p className="muted">{t('retention.intro')}</p>
        </div>
      </div>
      {!data && !error ? <Loading /> : null}
      {!data && error && !fetching ? (
        <Banner
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(primaryErrorCode(error) ?? 'INTERNAL', t)}
        </Banner>
      ) : null}
      {/* The form starts from the first answer (or, when the rule cannot be read, the defaults). */}
      {data || error ? (
        <RetentionBody {...rights} rule={data ? data.retentionRule ?? null : undefined} onRuleChanged={reload} />
      ) : null}
    </main>
  );
}

type RunState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly months: number; readonly total: number; readonly done: number; readonly cancelling: boolean }
  | { readonly phase: 'ended'; readonly months: number; readonly total: number; readonly outcome: RunOutcome };

interface BodyProps extends Rights {
  /** The rule; null when none is saved, undefined when it could not be read. */
  readonly rule: Rule | null | undefined;
  readonly onRuleChanged: () => void;
}

function RetentionBody({ canSettings, canAnonymize, isAdmin, rule, onRuleChanged }: BodyProps) {
  const t = useT();
  const client = useClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [monthsText, setMonthsText] = useState(() => String(rule?.inactiveMonths ?? DEFAULT_MONTHS));
  const [autoRun, setAutoRun] = useState(() => rule?.autoRun ?? false);
  // The client-side check is shown once the user has tried to use the value.
  const [checked, setChecked] = useState(false);
  const [monthsServerError, setMonthsServerError] = useState<string | undefined>(undefined);

  const [saveState, save] = useMutation(SetRetentionRuleMutation);
  const [saveError, setSaveError] = useState<CombinedError | null>(null);
  const [saved, setSaved] = useState(false);

  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<CombinedError | null>(null);

  const [, runRetention] = useMutation(RunRetentionMutation);
  const [run, setRun] = useState<RunState>({ phase: 'idle' });
  const [runError, setRunError] = useState<unknown>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [dialogKey, setDialogKey] = useState(0);

  const mountedRef = useRef(true);
  // Leaving the page stops a run after the batch in flight.
  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      abortRef.current?.abort();
    };
  }, []);

  const clientError = checked ? monthsError(monthsText, t) : undefined;
  const monthsFieldError = clientError ?? monthsServerError;
  const parsed = parseMonths(monthsText);
  const running = run.phase === 'running';

  const focusMonths = () => {
    window.requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };

  /** The months to send, or null (and the field's error shown) when they cannot be used. */
  const usableMonths = (): number | null => {
    setChecked(true);
    if (!parsed.ok) {
      focusMonths();
      return null;
    }
    return parsed.months;
  };

  /** Shows a server error: the months' problem next to the field, the rest by the caller. */
  const takeFieldError = (error: CombinedError) => {
    const message = fieldErrors(error, t('error.fieldInvalid'))[MONTHS_FIELD];
    if (message) {
      setMonthsServerError(message);
      focusMonths();
    }
  };

  const loadPreview = async (months: number): Promise<void> => {
    setPreviewing(true);
    setPreviewError(null);
    const result = await client
      .query(RetentionPreviewQueryDoc, { inactiveMonths: months, first: PREVIEW_FIRST }, { requestPolicy: 'network-only' })
      .toPromise();
    setPreviewing(false);
    if (result.data) {
      setPreview(result.data.retentionPreview);
      return;
    }
    if (result.error) {
      setPreview(null);
      setPreviewError(result.error);
      takeFieldError(result.error);
    }
  };

  const onPreview = () => {
    setSaved(false);
    const months = usableMonths();
    if (months === null) return;
    // A new dry run; an earlier run's result stays until the next run starts.
    void loadPreview(months);
  };

  const onSave = async () => {
    setSaved(false);
    setSaveError(null);
    const months = usableMonths();
    if (months === null) return;
    const result = await save({ inactiveMonths: months, autoRun });
    if (result.data) {
      const next = result.data.setRetentionRule;
      setMonthsText(String(next.inactiveMonths));
      setAutoRun(next.autoRun);
      setSaved(true);
      onRuleChanged();
      return;
    }
    if (result.error) {
      setSaveError(result.error);
      takeFieldError(result.error);
    }
  };

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    // Enter in the months field: Save for those who set the rule, else the dry run.
    if (canSettings) void onSave();
    else if (canAnonymize) onPreview();
  };

  const startRun = async (months: number, total: number) => {
    setConfirming(false);
    setRunError(null);
    const controller = new AbortController();
    abortRef.current = controller;
    setRun({ phase: 'running', months, total, done: 0, cancelling: false });
    const outcome = await runInBatches(
      async (size) => {
        const result = await runRetention({ inactiveMonths: months, batchSize: size }, RUN_CONTEXT);
        if (result.error) throw result.error;
        if (!result.data) throw new Error('runRetention answered without data');
        return result.data.runRetention;
      },
      {
        // Never more than the number the user confirmed.
        limit: total,
        batchSize: BATCH_SIZE,
        signal: controller.signal,
        onProgress: (done) => {
          setRun((r) => (r.phase === 'running' ? { ...r, done } : r));
        },
      },
    );
    abortRef.current = null;
    // Left the page meanwhile: nothing to show, and no dry run to load.
    if (!mountedRef.current) return;
    setRun({ phase: 'ended', months, total, outcome });
    if (outcome.status === 'failed') {
      setRunError(outcome.error);
      if (outcome.error instanceof CombinedError) takeFieldError(outcome.error);
    }
    // What is left now, for the same months.
    onRuleChanged();
    await loadPreview(months);
  };

  const cancelRun = () => {
    abortRef.current?.abort();
    setRun((r) => (r.phase === 'running' ? { ...r, cancelling: true } : r));
  };

  const stale = preview !== null && (!parsed.ok || parsed.months !== preview.inactiveMonths);
  const canRun = canAnonymize && preview !== null && preview.eligible > 0 && !stale && !running && !previewing;
  const saveBanner = bannerMessage(saveError, t, MONTHS_FIELDS);
  const previewBanner = bannerMessage(previewError, t, MONTHS_FIELDS);
  const sentenceMonths = parsed.ok ? String(parsed.months) : '…';

  return (
    <>
      <section className="card" aria-labelledby="retention-rule-title">
        <h2 className="card__title" id="retention-rule-title">
          {t('retention.rule.title')}
        </h2>
        {rule === null ? <p className="muted small">{t('retention.rule.none', { months: DEFAULT_MONTHS })}</p> : null}
        {saved ? (
          <Banner tone="info" testId="retention-saved">
            {t('retention.saved')}
          </Banner>
        ) : null}
        {saveBanner ? <Banner testId="retention-save-error">{saveBanner}</Banner> : null}
        <form className="form" ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="retention-rule-title">
          <p className="strong notice" data-testid="retention-sentence">
            {t('retention.rule.sentence', { months: sentenceMonths })}
          </p>
          <p className="muted small notice">{t('retention.rule.blockedNote')}</p>
          <TextField
            name={MONTHS_FIELD}
            className="retention__months"
            label={t('retention.months.label')}
            hint={t('retention.months.hint', { min: MIN_MONTHS, max: MAX_MONTHS })}
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={monthsText}
            error={monthsFieldError}
            disabled={running}
            onValue={(v) => {
              setMonthsText(v);
              setMonthsServerError(undefined);
              setSaved(false);
            }}
          />
          {canSettings ? (
            <AutoRunField
              checked={autoRun}
              onChange={(v) => {
                setAutoRun(v);
                setSaved(false);
              }}
            />
          ) : (
            <>
              {rule ? (
                <p className="notice" data-testid="retention-auto">
                  {rule.autoRun ? t('retention.rule.autoOn') : t('retention.rule.autoOff')}
                </p>
              ) : null}
              <p className="muted small notice">{t('retention.rule.readOnly')}</p>
            </>
          )}
          {rule !== undefined ? <LastRun rule={rule} /> : null}
          <div className="form__actions">
            {canSettings ? (
              <button type="submit" className="button button--primary" disabled={saveState.fetching}>
                {saveState.fetching ? t('common.saving') : t('retention.save')}
              </button>
            ) : null}
            {canAnonymize ? (
              <button type="button" className="button" onClick={onPreview} disabled={previewing || running}>
                {previewing ? t('retention.previewing') : t('retention.preview')}
              </button>
            ) : null}
          </div>
        </form>
      </section>

      {!canAnonymize ? (
        <p className="muted" data-testid="retention-needs-right">
          {t('retention.preview.needsRight')}
        </p>
      ) : null}

      {run.phase !== 'idle' ? (
        <RunSection run={run} error={runError} isAdmin={isAdmin} onCancel={cancelRun} />
      ) : null}

      {canAnonymize && (preview || previewBanner) ? (
        <section className="card card--flush" aria-labelledby="retention-preview-title" aria-busy={previewing}>
          <div className="card__header">
            <div>
              <h2 className="card__title" id="retention-preview-title">
                {t('retention.preview.title')}
              </h2>
              <p className="muted small notice">{t('retention.preview.intro')}</p>
            </div>
            {preview && preview.eligible > 0 ? (
              <button
                type="button"
                className="button button--danger"
                disabled={!canRun}
                onClick={() => {
                  setDialogKey((k) => k + 1);
                  setConfirming(true);
                }}
              >
                {runButtonLabel(preview.eligible, t)}
              </button>
            ) : null}
          </div>
          {previewBanner ? <Banner testId="retention-preview-error">{previewBanner}</Banner> : null}
          {preview ? <PreviewBody preview={preview} stale={stale} /> : null}
        </section>
      ) : null}

      {preview ? (
        <RunDialog
          key={dialogKey}
          open={confirming}
          count={preview.eligible}
          months={preview.inactiveMonths}
          onCancel={() => {
            setConfirming(false);
          }}
          onConfirm={() => void startRun(preview.inactiveMonths, preview.eligible)}
        />
      ) : null}
    </>
  );
}

function AutoRunField({ checked, onChange }: { readonly checked: boolean; readonly onChange: (value: boolean) => void }) {
  const t = useT();
  const hintId = useId();
  return (
    <div className="field">
      <label className="checkbox">
        <input
          type="checkbox"
          name="autoRun"
          checked={checked}
          aria-describedby={hintId}
          onChange={(e) => {
            onChange(e.target.checked);
          }}
        />
        {t('retention.autoRun')}
      </label>
      <p className="field__hint" id={hintId}>
        {t('retention.autoRunHint')}
      </p>
    </div>
  );
}

function LastRun({ rule }: { readonly rule: Rule | null }) {
  const t = useT();
  const { locale } = useI18n();
  const text = rule?.lastRunAt
    ? t('retention.lastRun', { when: formatDateTime(rule.lastRunAt, locale), count: rule.lastRunAnonymized ?? 0 })
    : t('retention.neverRun');
  return (
    <p className="muted notice" data-testid="retention-last-run">
      {text}
    </p>
  );
}

function PreviewBody({ preview, stale }: { readonly preview: Preview; readonly stale: boolean }) {
  const t = useT();
  const { locale } = useI18n();
  const more = truncationNotice(preview.eligible, preview.blocked, preview.customers.length, t);
  return (
    <>
      <div className="retention__summary">
        <p className="notice">{t('retention.preview.for', { months: preview.inactiveMonths })}</p>
        <p
          className="strong notice"
          role="status"
          data-testid="retention-summary"
          data-eligible={preview.eligible}
          data-blocked={preview.blocked}
        >
          {previewSummary(preview.eligible, preview.blocked, t)}
        </p>
        {more ? (
          <p className="muted small notice" data-testid="retention-truncated">
            {more}
          </p>
        ) : null}
      </div>
      {stale ? (
        <Banner tone="warning" testId="retention-stale">
          {t('retention.preview.stale')}
        </Banner>
      ) : null}
      {preview.customers.length === 0 ? (
        <p className="empty muted" data-testid="retention-empty">
          {t('retention.empty')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="retention-table">
            <caption className="sr-only">{t('retention.list')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('retention.col.customer')}
                </th>
                <th scope="col">{t('retention.col.name')}</th>
                <th scope="col">{t('retention.col.lastActivity')}</th>
                <th scope="col">{t('retention.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.customers.map((c) => (
                <tr key={c.customerId} data-customer-number={c.customerNumber} data-blocked={c.blocked ?? ''}>
                  <td className="num">
                    <Link
                      to={`/customers/${c.customerId}`}
                      className="row-link"
                      aria-label={t('retention.openCustomer', { number: c.customerNumber })}
                    >
                      {c.customerNumber}
                    </Link>
                  </td>
                  <td>{c.displayName}</td>
                  <td>
                    <time dateTime={c.lastActivityAt} title={formatDateTime(c.lastActivityAt, locale)}>
                      {formatDate(c.lastActivityAt, locale)}
                    </time>
                  </td>
                  <td>
                    {c.blocked ? (
                      <Badge tone="warning">{candidateStatus(c.blocked, t)}</Badge>
                    ) : (
                      <Badge tone="danger">{candidateStatus(null, t)}</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

interface RunDialogProps {
  readonly open: boolean;
  readonly count: number;
  readonly months: number;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** The irreversible step: the number of customers typed in, then one button. */
function RunDialog({ open, count, months, onConfirm, onCancel }: RunDialogProps) {
  const t = useT();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const matches = confirmNumberMatches(typed, count);
  return (
    <Dialog open={open} title={t('retention.confirm.title')} onClose={onCancel} size="small">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) onConfirm();
        }}
        noValidate
      >
        <div className="dialog__body">
          <p>{t('retention.confirm.body', { months })}</p>
          <p className="strong">{t('retention.confirm.irreversible')}</p>
          <div className="field">
            <label className="field__label" htmlFor={inputId}>
              {t('retention.confirm.label', { count })}
            </label>
            <input
              id={inputId}
              name="confirmCount"
              className="input"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              aria-describedby={`${inputId}-hint`}
              onChange={(e) => {
                setTyped(e.target.value);
              }}
            />
            <p className="field__hint" id={`${inputId}-hint`}>
              {matches ? t('retention.confirm.matches') : t('retention.confirm.hint')}
            </p>
          </div>
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--danger" disabled={!matches}>
            {t('retention.confirm.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface RunSectionProps {
  readonly run: Exclude<RunState, { phase: 'idle' }>;
  readonly error: unknown;
  readonly isAdmin: boolean;
  readonly onCancel: () => void;
}

function RunSection({ run, error, isAdmin, onCancel }: RunSectionProps) {
  const t = useT();
  const labelId = useId();
  const done = run.phase === 'running' ? run.done : run.outcome.done;
  const progress = progressOf(done, run.total);
  const errorText =
    run.phase === 'ended' && run.outcome.status === 'failed'
      ? error instanceof CombinedError
        ? (bannerMessage(error, t, MONTHS_FIELDS) ?? generalMessage('BAD_USER_INPUT', t))
        : generalMessage('INTERNAL', t)
      : null;
  return (
    <section className="card" aria-labelledby="retention-run-title" data-testid="retention-run">
      <h2 className="card__title" id="retention-run-title">
        {t('retention.run.title')}
      </h2>
      <div className="retention__progress">
        <label id={labelId} className="field__label" htmlFor={`${labelId}-bar`}>
          {t('retention.progress.label')}
        </label>
        <progress
          id={`${labelId}-bar`}
          max={progress.max}
          value={progress.done}
          aria-valuetext={progressText(progress, t)}
        />
        <p className="notice" aria-live="polite" data-testid="retention-progress-text">
          {progressText(progress, t)}
        </p>
      </div>
      {run.phase === 'running' ? (
        <div className="card__actions">
          <button type="button" className="button" onClick={onCancel} disabled={run.cancelling}>
            {run.cancelling ? t('retention.cancelling') : t('retention.cancel')}
          </button>
        </div>
      ) : (
        <Banner
          tone={run.outcome.status === 'failed' ? 'error' : 'info'}
          testId="retention-outcome"
          action={
            isAdmin && run.outcome.done > 0 ? (
              <Link className="button" to="/admin/anonymizations">
                {t('retention.done.receipts')}
              </Link>
            ) : undefined
          }
        >
          {outcomeText(run.outcome, t)}
          {errorText ? ` ${errorText}` : null}
        </Banner>
      )}
    </section>
  );
}
