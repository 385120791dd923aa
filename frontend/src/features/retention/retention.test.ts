import { describe, expect, it, vi } from 'vitest';
import { makeT } from '../../i18n/translate';
import {
  BATCH_SIZE,
  BATCH_TARGET_MS,
  MAX_BATCH_SIZE,
  MAX_MONTHS,
  candidateStatus,
  monthsError,
  nextBatchSize,
  outcomeText,
  parseMonths,
  previewSummary,
  progressOf,
  progressText,
  runButtonLabel,
  runInBatches,
  truncationNotice,
  type BatchResult,
} from './retention';

const en = makeT('en');
const sv = makeT('sv');

describe('parseMonths', () => {
  it('takes whole numbers from 1 to 1200, spaces allowed', () => {
    expect(parseMonths('24')).toEqual({ ok: true, months: 24 });
    expect(parseMonths(' 1 ')).toEqual({ ok: true, months: 1 });
    expect(parseMonths('1 200')).toEqual({ ok: true, months: 1200 });
    expect(parseMonths('012')).toEqual({ ok: true, months: 12 });
  });

  it('says what is wrong with anything else', () => {
    expect(parseMonths('')).toEqual({ ok: false, problem: 'missing' });
    expect(parseMonths('   ')).toEqual({ ok: false, problem: 'missing' });
    expect(parseMonths('0')).toEqual({ ok: false, problem: 'tooSmall' });
    expect(parseMonths('000')).toEqual({ ok: false, problem: 'tooSmall' });
    expect(parseMonths('-3')).toEqual({ ok: false, problem: 'tooSmall' });
    expect(parseMonths('\u22123')).toEqual({ ok: false, problem: 'tooSmall' });
    expect(parseMonths('1201')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseMonths('99999999999999999999999')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseMonths('12.5')).toEqual({ ok: false, problem: 'notWhole' });
    expect(parseMonths('1e3')).toEqual({ ok: false, problem: 'notWhole' });
    expect(parseMonths('two')).toEqual({ ok: false, problem: 'notWhole' });
    expect(parseMonths('--3')).toEqual({ ok: false, problem: 'notWhole' });
  });

  it('has a message for every problem in both languages, naming the limits', () => {
    expect(monthsError('24', en)).toBeUndefined();
    expect(monthsError('0', en)).toBe('Enter at least 1 month.');
    expect(monthsError('5000', en)).toBe(`Enter at most ${String(MAX_MONTHS)} months.`);
    expect(monthsError('', en)).toBe('Enter a number of months.');
    expect(monthsError('x', sv)).toBe('Ange ett helt antal månader, till exempel 24.');
    expect(monthsError('-1', sv)).toBe('Ange minst 1 månad.');
  });
});

describe('the dry run in words', () => {
  it('counts who would go and who is kept, singular and plural', () => {
    expect(previewSummary(12, 3, en)).toBe('12 customers would be anonymized, 3 are kept.');
    expect(previewSummary(1, 1, en)).toBe('1 customer would be anonymized, 1 is kept.');
    expect(previewSummary(0, 2, en)).toBe('0 customers would be anonymized, 2 are kept.');
    expect(previewSummary(5, 0, sv)).toBe('5 kunder skulle anonymiseras, 0 behålls.');
  });

  it('says when the list is cut short', () => {
    expect(truncationNotice(180, 20, 200, en)).toBeNull();
    expect(truncationNotice(190, 20, 200, en)).toBe('Showing the first 200 of 210.');
    expect(truncationNotice(0, 0, 0, en)).toBeNull();
  });

  it('names the status of a candidate', () => {
    expect(candidateStatus(null, en)).toBe('Will be anonymized');
    expect(candidateStatus('OPEN_ORDERS', en)).toBe('Open orders');
    expect(candidateStatus('UNPAID_INVOICES', en)).toBe('Unpaid invoices');
    expect(candidateStatus('UNPAID_INVOICES', sv)).toBe('Obetalda fakturor');
  });

  it('labels the run button with the count', () => {
    expect(runButtonLabel(1, en)).toBe('Anonymize 1 customer…');
    expect(runButtonLabel(14, en)).toBe('Anonymize 14 customers…');
  });
});

describe('progressOf', () => {
  it('is done of total, in whole percent', () => {
    expect(progressOf(0, 14)).toEqual({ done: 0, max: 14, percent: 0 });
    expect(progressOf(7, 14)).toEqual({ done: 7, max: 14, percent: 50 });
    expect(progressOf(13, 14)).toEqual({ done: 13, max: 14, percent: 92 });
    expect(progressOf(14, 14)).toEqual({ done: 14, max: 14, percent: 100 });
  });

  it('never shows more done than the maximum, nor negative values', () => {
    expect(progressOf(20, 14)).toEqual({ done: 20, max: 20, percent: 100 });
    expect(progressOf(-1, 5)).toEqual({ done: 0, max: 5, percent: 0 });
    expect(progressOf(0, 0)).toEqual({ done: 0, max: 0, percent: 100 });
  });

  it('reads "X of Y anonymized"', () => {
    expect(progressText(progressOf(50, 120), en)).toBe('50 of 120 anonymized');
    expect(progressText(progressOf(50, 120), sv)).toBe('50 av 120 anonymiserade');
  });
});

/**
 * A fake server with `eligible` customers, anonymizing up to `size` per call, and its clock: a
 * call takes `callMs(size)` (by default exactly the target, so the batch size stays).
 */
function fakeServer(eligible: number, callMs: (size: number) => number = () => BATCH_TARGET_MS) {
  let left = eligible;
  let clock = 0;
  const sizes: number[] = [];
  const runBatch = vi.fn((size: number): Promise<BatchResult> => {
    sizes.push(size);
    clock += callMs(size);
    const anonymized = Math.min(size, left);
    left -= anonymized;
    return Promise.resolve({ anonymized, remaining: left });
  });
  return { runBatch, sizes, left: () => left, now: () => clock };
}

describe('runInBatches', () => {
  it('runs batches of 50 until nothing is left, reporting progress after each', async () => {
    const server = fakeServer(120);
    const progress: [number, number][] = [];
    const outcome = await runInBatches(server.runBatch, {
      limit: 120,
      now: server.now,
      onProgress: (done, remaining) => progress.push([done, remaining]),
    });
    expect(outcome).toEqual({ status: 'finished', done: 120, remaining: 0, batches: 3 });
    expect(server.sizes).toEqual([BATCH_SIZE, BATCH_SIZE, 20]);
    expect(progress).toEqual([
      [50, 70],
      [100, 20],
      [120, 0],
    ]);
  });

  it('stops when a batch anonymizes nobody although some are left', async () => {
    const runBatch = vi
      .fn<(size: number) => Promise<BatchResult>>()
      .mockResolvedValueOnce({ anonymized: 50, remaining: 10 })
      .mockResolvedValueOnce({ anonymized: 0, remaining: 10 });
    const outcome = await runInBatches(runBatch, { limit: 60 });
    expect(outcome).toEqual({ status: 'stalled', done: 50, remaining: 10, batches: 2 });
    expect(runBatch).toHaveBeenCalledTimes(2);
  });

  it('never anonymizes more than the confirmed number, even when more became eligible', async () => {
    const server = fakeServer(130);
    const outcome = await runInBatches(server.runBatch, { limit: 120, now: server.now });
    expect(server.sizes).toEqual([50, 50, 20]);
    expect(outcome).toEqual({ status: 'limit', done: 120, remaining: 10, batches: 3 });
    expect(server.left()).toBe(10);
  });

  it('stops on the first error, keeping what earlier batches did', async () => {
    const failure = new Error('INTERNAL');
    const runBatch = vi
      .fn<(size: number) => Promise<BatchResult>>()
      .mockResolvedValueOnce({ anonymized: 50, remaining: 70 })
      .mockRejectedValueOnce(failure);
    const outcome = await runInBatches(runBatch, { limit: 120 });
    expect(outcome).toEqual({ status: 'failed', done: 50, remaining: 70, batches: 1, error: failure });
    expect(runBatch).toHaveBeenCalledTimes(2);
  });

  it('stops after the batch in flight when cancelled', async () => {
    const server = fakeServer(200);
    const controller = new AbortController();
    const runBatch = vi.fn(async (size: number) => {
      const result = await server.runBatch(size);
      // The user presses Cancel while the second batch is on its way.
      if (server.runBatch.mock.calls.length === 2) controller.abort();
      return result;
    });
    const outcome = await runInBatches(runBatch, { limit: 200, now: server.now, signal: controller.signal });
    expect(outcome).toEqual({ status: 'cancelled', done: 100, remaining: 100, batches: 2 });
    expect(runBatch).toHaveBeenCalledTimes(2);
  });

  it('does not start when cancelled before the first batch', async () => {
    const server = fakeServer(10);
    const controller = new AbortController();
    controller.abort();
    const outcome = await runInBatches(server.runBatch, { limit: 10, signal: controller.signal });
    expect(outcome).toEqual({ status: 'cancelled', done: 0, remaining: null, batches: 0 });
    expect(server.runBatch).not.toHaveBeenCalled();
  });

  it('asks for nothing when there is nothing to do', async () => {
    const server = fakeServer(0);
    const outcome = await runInBatches(server.runBatch, { limit: 0 });
    expect(outcome.status).toBe('limit');
    expect(server.runBatch).not.toHaveBeenCalled();
  });

  it('uses a smaller batch size when asked', async () => {
    const server = fakeServer(7);
    const outcome = await runInBatches(server.runBatch, { limit: 7, batchSize: 3, now: server.now });
    expect(server.sizes).toEqual([3, 3, 1]);
    expect(outcome.status).toBe('finished');
  });

  it('grows quick batches and shrinks slow ones, so each call takes about the target', async () => {
    // Every call costs 1.5 s whatever its size (finding candidates, scanning the free text),
    // plus 0.6 ms a customer: batches double until a call takes the target of 5 s.
    const server = fakeServer(100_000, (size) => 1500 + 0.6 * size);
    const outcome = await runInBatches(server.runBatch, { limit: 20_000, now: server.now });
    expect(server.sizes.slice(0, 9)).toEqual([50, 100, 200, 400, 800, 1600, 3200, 6400, 6400]);
    expect(outcome).toMatchObject({ status: 'limit', done: 20_000 });
    // A call that took more than twice the target halves the next one.
    const slow = fakeServer(1000, (size) => 60 * size);
    await runInBatches(slow.runBatch, { limit: 1000, batchSize: 400, now: slow.now });
    expect(slow.sizes.slice(0, 3)).toEqual([400, 200, 100]);
  });

  it('sizes batches between 1 and the server\'s maximum', () => {
    expect(nextBatchSize(6000, 100)).toBe(MAX_BATCH_SIZE);
    expect(nextBatchSize(1, 60_000)).toBe(1);
    expect(nextBatchSize(300, BATCH_TARGET_MS)).toBe(300);
    expect(nextBatchSize(300, 2 * BATCH_TARGET_MS + 1)).toBe(150);
  });
});

describe('outcomeText', () => {
  it('says how many were anonymized and why the run ended', () => {
    expect(outcomeText({ status: 'finished', done: 14, remaining: 0, batches: 1 }, en)).toBe('Anonymized 14 customers.');
    expect(outcomeText({ status: 'finished', done: 1, remaining: 0, batches: 1 }, en)).toBe('Anonymized 1 customer.');
    expect(outcomeText({ status: 'limit', done: 14, remaining: 0, batches: 1 }, en)).toBe('Anonymized 14 customers.');
    expect(outcomeText({ status: 'limit', done: 14, remaining: 2, batches: 1 }, en)).toBe(
      'Anonymized 14 customers. 2 more became eligible since the dry run; preview again to see them.',
    );
    expect(outcomeText({ status: 'cancelled', done: 50, remaining: 70, batches: 1 }, en)).toBe(
      'Anonymized 50 customers. Stopped before the rest.',
    );
    expect(outcomeText({ status: 'stalled', done: 0, remaining: 3, batches: 1 }, sv)).toBe(
      'Anonymiserade 0 kunder. 3 gick inte att anonymisera nu (de har ändrats under tiden); provkör igen.',
    );
    expect(outcomeText({ status: 'failed', done: 0, remaining: null, batches: 0, error: new Error('x') }, en)).toBe(
      'Anonymized 0 customers. Then the run stopped on an error:',
    );
  });
});
