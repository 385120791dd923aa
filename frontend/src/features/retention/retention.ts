//! Pure helpers of the retention page: the months of the rule (typed, checked like the server
//! does), the dry run's counts and statuses in words, the progress of a run, and the run itself
//! as a loop of batches (`runInBatches`, each sized to take a few seconds) that stops when
//! nothing is left, when a batch does nothing, on the first error, at the number the user
//! confirmed, or when cancelled (after the batch in flight).
import type { RetentionBlock } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';

/** The limits of `inactiveMonths` (the server's `MAX_MONTHS`). */
export const MIN_MONTHS = 1;
export const MAX_MONTHS = 1200;
/** What the form starts at when no rule has been saved. */
export const DEFAULT_MONTHS = 24;
/** How many candidates the dry run lists (`retentionPreview(first:)`). */
export const PREVIEW_FIRST = 200;
/**
 * Customers in the first `runRetention` call; later calls grow or shrink (`nextBatchSize`) so
 * each takes about `BATCH_TARGET_MS`: every call pays for finding the candidates and scanning
 * the free text of every record once, so small batches would spend most of a large run on that.
 */
export const BATCH_SIZE = 50;
/** The most customers one call may ask for (the server's `MAX_BATCH`). */
export const MAX_BATCH_SIZE = 10_000;
/** How long one call should take: long enough to be efficient, short enough to show progress. */
export const BATCH_TARGET_MS = 5_000;

// ---------- Months ----------

export type MonthsProblem = 'missing' | 'notWhole' | 'tooSmall' | 'tooLarge';

export type MonthsParse = { readonly ok: true; readonly months: number } | { readonly ok: false; readonly problem: MonthsProblem };

/** The typed number of months (spaces allowed), or why it cannot be used. */
export function parseMonths(typed: string): MonthsParse {
  const value = typed.replace(/[\s\u00a0]/g, '');
  if (value === '') return { ok: false, problem: 'missing' };
  // A minus sign typed as such or as the Unicode one ("−3"): a number, just too small.
  if (!/^[-\u2212]?\d+$/.test(value)) return { ok: false, problem: 'notWhole' };
  const negative = /^[-\u2212]/.test(value);
  const digits = value.replace(/^[-\u2212]/, '').replace(/^0+(?=\d)/, '');
  // Compared as text first: "99999999999999999999" is too large, not a rounding accident.
  if (!negative && digits.length > String(MAX_MONTHS).length) return { ok: false, problem: 'tooLarge' };
  const months = (negative ? -1 : 1) * Number(digits);
  if (months < MIN_MONTHS) return { ok: false, problem: 'tooSmall' };
  if (months > MAX_MONTHS) return { ok: false, problem: 'tooLarge' };
  return { ok: true, months };
}

const MONTHS_PROBLEM_KEYS: Readonly<Record<MonthsProblem, MessageKey>> = {
  missing: 'retention.months.missing',
  notWhole: 'retention.months.notWhole',
  tooSmall: 'retention.months.tooSmall',
  tooLarge: 'retention.months.tooLarge',
};

export function monthsProblemText(problem: MonthsProblem, t: TFunction): string {
  return t(MONTHS_PROBLEM_KEYS[problem], { min: MIN_MONTHS, max: MAX_MONTHS });
}

/** The field's error for what is typed now, or undefined when it can be used. */
export function monthsError(typed: string, t: TFunction): string | undefined {
  const parsed = parseMonths(typed);
  return parsed.ok ? undefined : monthsProblemText(parsed.problem, t);
}

// ---------- The dry run in words ----------

export const BLOCK_LABELS: Readonly<Record<RetentionBlock, MessageKey>> = {
  OPEN_ORDERS: 'retention.block.OPEN_ORDERS',
  UNPAID_INVOICES: 'retention.block.UNPAID_INVOICES',
};

/** A candidate's status: "Will be anonymized", or why it is kept. */
export function candidateStatus(blocked: RetentionBlock | null | undefined, t: TFunction): string {
  return blocked ? t(BLOCK_LABELS[blocked]) : t('retention.status.eligible');
}

/** "12 customers would be anonymized, 3 are kept." */
export function previewSummary(eligible: number, blocked: number, t: TFunction): string {
  const first = eligible === 1 ? t('retention.summary.eligibleOne') : t('retention.summary.eligibleMany', { count: eligible });
  const second = blocked === 1 ? t('retention.summary.keptOne') : t('retention.summary.keptMany', { count: blocked });
  return t('retention.summary', { eligible: first, kept: second });
}

/** "Showing the first 200." when the list holds fewer customers than the counts; else null. */
export function truncationNotice(eligible: number, blocked: number, listed: number, t: TFunction): string | null {
  return eligible + blocked > listed ? t('retention.showingFirst', { count: listed, total: eligible + blocked }) : null;
}

/** The run button: "Anonymize 12 customers…". */
export function runButtonLabel(eligible: number, t: TFunction): string {
  return eligible === 1 ? t('retention.runOne') : t('retention.runMany', { count: eligible });
}

// ---------- Progress ----------

export interface Progress {
  /** Anonymized so far in this run. */
  readonly done: number;
  /** The bar's maximum: never below `done`. */
  readonly max: number;
  /** Whole percent, 0–100. */
  readonly percent: number;
}

/**
 * Where a run stands: `done` of `total` (the confirmed count), with the bar's maximum never
 * below what is done (the server may have found more than the dry run did).
 */
export function progressOf(done: number, total: number): Progress {
  const safeDone = Math.max(0, Math.floor(done));
  const max = Math.max(safeDone, Math.max(0, Math.floor(total)));
  const percent = max === 0 ? 100 : Math.min(100, Math.floor((safeDone / max) * 100));
  return { done: safeDone, max, percent };
}

/** "8 of 12 anonymized". */
export function progressText(progress: Progress, t: TFunction): string {
  return t('retention.progress', { done: progress.done, total: progress.max });
}

// ---------- The run ----------

/** What one `runRetention` call answered. */
export interface BatchResult {
  readonly anonymized: number;
  /** Eligible customers left after the batch. */
  readonly remaining: number;
}

/**
 * Why a run ended:
 * - `finished`: nothing eligible is left;
 * - `limit`: the confirmed number is anonymized (`remaining` may say more became eligible since);
 * - `stalled`: a batch anonymized nobody although some are left (they changed meanwhile);
 * - `cancelled`: the user stopped it (after the batch in flight);
 * - `failed`: a batch failed (`error`); what earlier batches did stays done.
 */
export type RunStatus = 'finished' | 'limit' | 'stalled' | 'cancelled' | 'failed';

export interface RunOutcome {
  readonly status: RunStatus;
  /** Anonymized by this run. */
  readonly done: number;
  /** Eligible left, as the last answered batch said (null before the first answer). */
  readonly remaining: number | null;
  readonly batches: number;
  readonly error?: unknown;
}

/**
 * The size of the next call after one of `size` customers took `elapsedMs`: doubled while calls
 * are quicker than the target, halved when one took more than twice the target, else the same;
 * always 1 to `MAX_BATCH_SIZE`.
 */
export function nextBatchSize(size: number, elapsedMs: number): number {
  let next = size;
  if (elapsedMs < BATCH_TARGET_MS) next = size * 2;
  else if (elapsedMs > 2 * BATCH_TARGET_MS) next = Math.ceil(size / 2);
  return Math.max(1, Math.min(MAX_BATCH_SIZE, Math.floor(next)));
}

export interface RunOptions {
  /** At most this many in all (the number the user confirmed). */
  readonly limit: number;
  /**
   * Customers in the first call; later ones follow `nextBatchSize` (the last call asks only for
   * what is left of `limit`).
   */
  readonly batchSize?: number;
  /** Milliseconds from some fixed point (tests pass their own clock). */
  readonly now?: () => number;
  /** Aborting stops the run before the next batch; the batch in flight completes. */
  readonly signal?: AbortSignal;
  /** After every answered batch. */
  readonly onProgress?: (done: number, remaining: number) => void;
}

/**
 * Runs `runBatch(size)` until nothing is left, a batch does nothing, the limit is reached, the
 * signal is aborted or a batch throws. Never throws itself: the outcome says what happened.
 */
export async function runInBatches(
  runBatch: (size: number) => Promise<BatchResult>,
  { limit, batchSize = BATCH_SIZE, now = () => performance.now(), signal, onProgress }: RunOptions,
): Promise<RunOutcome> {
  let done = 0;
  let remaining: number | null = null;
  let batches = 0;
  let nextSize = batchSize;
  for (;;) {
    if (done >= limit) return { status: 'limit', done, remaining, batches };
    if (signal?.aborted) return { status: 'cancelled', done, remaining, batches };
    const size = Math.max(1, Math.min(nextSize, limit - done));
    const started = now();
    let result: BatchResult;
    try {
      result = await runBatch(size);
    } catch (error) {
      return { status: 'failed', done, remaining, batches, error };
    }
    // A short last call says nothing about the size: only full ones adjust it.
    if (size === nextSize) nextSize = nextBatchSize(size, now() - started);
    batches += 1;
    done += Math.max(0, result.anonymized);
    remaining = Math.max(0, result.remaining);
    onProgress?.(done, remaining);
    if (remaining === 0) return { status: 'finished', done, remaining, batches };
    if (result.anonymized <= 0) return { status: 'stalled', done, remaining, batches };
  }
}

/** What the page says when a run has ended (errors are shown by the page itself). */
export function outcomeText(outcome: RunOutcome, t: TFunction): string {
  const done =
    outcome.done === 1 ? t('retention.done.anonymizedOne') : t('retention.done.anonymizedMany', { count: outcome.done });
  const left = outcome.remaining ?? 0;
  switch (outcome.status) {
    case 'finished':
      return done;
    case 'limit':
      return left > 0 ? `${done} ${t('retention.done.moreEligible', { count: left })}` : done;
    case 'stalled':
      return `${done} ${t('retention.done.stalled', { count: left })}`;
    case 'cancelled':
      return `${done} ${t('retention.done.cancelled')}`;
    case 'failed':
      return `${done} ${t('retention.done.failed')}`;
  }
}
