import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import {
  POLL_MS,
  SCENARIOS,
  START_WAIT_MS,
  backupBusy,
  backupStatusBadge,
  checkLabel,
  copiesByDestination,
  copyHasProblem,
  copyStatusBadge,
  copySummaryText,
  destinationKindLabel,
  destinationsSummary,
  drillBusy,
  drillProblem,
  drillResultBadge,
  formatBytes,
  formatCount,
  formatDuration,
  jobSeen,
  shouldPoll,
  startFailure,
  startedJob,
  summarizeCopies,
  toDrillVariables,
  triggerLabel,
  type OverviewState,
} from './backups';

const en = makeT('en');
const sv = makeT('sv');
const NBSP = '\u00a0';

describe('formatBytes', () => {
  it('uses decimal units with one decimal from kB on', () => {
    expect(formatBytes(0, 'en-GB')).toBe(`0${NBSP}B`);
    expect(formatBytes(999, 'en-GB')).toBe(`999${NBSP}B`);
    expect(formatBytes(1000, 'en-GB')).toBe(`1.0${NBSP}kB`);
    expect(formatBytes(12_100, 'en-GB')).toBe(`12.1${NBSP}kB`);
    expect(formatBytes(3_400_000, 'en-GB')).toBe(`3.4${NBSP}MB`);
    expect(formatBytes(5_250_000_000, 'en-GB')).toBe(`5.3${NBSP}GB`);
  });

  it('writes the decimal comma in Swedish', () => {
    expect(formatBytes(12_100, 'sv-SE')).toBe(`12,1${NBSP}kB`);
    expect(formatBytes(3_449_000, 'sv-SE')).toBe(`3,4${NBSP}MB`);
  });

  it('moves to the next unit when the value would round to 1000', () => {
    expect(formatBytes(999_949, 'en-GB')).toBe(`999.9${NBSP}kB`);
    expect(formatBytes(999_950, 'en-GB')).toBe(`1.0${NBSP}MB`);
  });

  it('never shows a negative or unreadable size', () => {
    expect(formatBytes(-5, 'en-GB')).toBe(`0${NBSP}B`);
    expect(formatBytes(Number.NaN, 'en-GB')).toBe(`0${NBSP}B`);
  });
});

describe('formatCount and formatDuration', () => {
  it('groups digits the way the language does', () => {
    expect(formatCount(12_345, 'en-GB')).toBe('12,345');
    expect(formatCount(12_345, 'sv-SE').replace(/\s/g, ' ')).toBe('12 345');
  });

  it('says short durations in ms or seconds, longer ones in minutes and hours', () => {
    expect(formatDuration(0, 'en-GB')).toBe(`0${NBSP}ms`);
    expect(formatDuration(850, 'en-GB')).toBe(`850${NBSP}ms`);
    expect(formatDuration(999.7, 'en-GB')).toBe(`1${NBSP}s`);
    expect(formatDuration(4_230, 'en-GB')).toBe(`4.2${NBSP}s`);
    expect(formatDuration(4_230, 'sv-SE')).toBe(`4,2${NBSP}s`);
    expect(formatDuration(59_960, 'en-GB')).toBe(`1${NBSP}min`);
    expect(formatDuration(125_000, 'en-GB')).toBe(`2${NBSP}min 5${NBSP}s`);
    expect(formatDuration(3_780_000, 'en-GB')).toBe(`1${NBSP}h 3${NBSP}min`);
    expect(formatDuration(7_200_000, 'en-GB')).toBe(`2${NBSP}h`);
  });
});

describe('statuses in words', () => {
  it('gives every backup status a word and a tone', () => {
    expect(backupStatusBadge('complete', en)).toEqual({ text: 'Complete', tone: 'neutral' });
    expect(backupStatusBadge('running', en)).toEqual({ text: 'Running', tone: 'muted' });
    expect(backupStatusBadge('incomplete', en)).toEqual({ text: 'Incomplete', tone: 'warning' });
    expect(backupStatusBadge('failed', sv)).toEqual({ text: 'Misslyckades', tone: 'danger' });
    expect(backupStatusBadge('pruned', en)).toEqual({ text: 'Pruned', tone: 'muted' });
  });

  it('gives every copy status a word and a tone, and shows the error only for problems', () => {
    expect(copyStatusBadge('verified', en)).toEqual({ text: 'Verified', tone: 'neutral' });
    expect(copyStatusBadge('failed', en)).toEqual({ text: 'Failed', tone: 'danger' });
    expect(copyStatusBadge('corrupt', sv)).toEqual({ text: 'Skadad', tone: 'danger' });
    expect(copyStatusBadge('pruned', en)).toEqual({ text: 'Pruned', tone: 'muted' });
    expect(copyHasProblem('failed')).toBe(true);
    expect(copyHasProblem('corrupt')).toBe(true);
    expect(copyHasProblem('verified')).toBe(false);
    expect(copyHasProblem('pruned')).toBe(false);
  });

  it('shows a status it does not know as the server sends it, never as a lookup of the prototype', () => {
    expect(backupStatusBadge('paused', en)).toEqual({ text: 'paused', tone: 'muted' });
    expect(copyStatusBadge('toString', en)).toEqual({ text: 'toString', tone: 'muted' });
    expect(triggerLabel('constructor', en)).toBe('constructor');
  });

  it('names drill results, triggers, destination kinds and checks', () => {
    expect(drillResultBadge(true, en)).toEqual({ text: 'Passed', tone: 'neutral' });
    expect(drillResultBadge(false, sv)).toEqual({ text: 'Underkänd', tone: 'danger' });
    expect(triggerLabel('user', en)).toBe('A user');
    expect(triggerLabel('schedule', sv)).toBe('Schemat');
    expect(triggerLabel('cli', en)).toBe('The command line');
    expect(destinationKindLabel('s3', en)).toBe('Off-site (S3)');
    expect(destinationKindLabel('local', sv)).toBe('Lokal katalog');
    expect(checkLabel('audit hash chain', en)).toBe('Audit hash chain');
    expect(checkLabel('audit hash chain', sv)).toBe('Åtkomstloggens hashkedja');
    expect(checkLabel('row counts', en)).toBe('Row counts');
    expect(checkLabel('a new check', en)).toBe('a new check');
  });

  it('offers the three scenarios, lost disk first', () => {
    expect(SCENARIOS).toEqual(['LOST_DISK', 'LOST_DATA_CENTRE', 'CORRUPTED_BACKUP']);
  });
});

describe('copies per destination', () => {
  const destinations = ['local-1', 'local-2', 'local-3'];

  it('lists every destination in order, with its copy or none', () => {
    const copies = [
      { destination: 'local-3', status: 'failed' },
      { destination: 'local-1', status: 'verified' },
    ];
    expect(copiesByDestination(copies, destinations)).toEqual([
      { destination: 'local-1', copy: { destination: 'local-1', status: 'verified' } },
      { destination: 'local-2', copy: null },
      { destination: 'local-3', copy: { destination: 'local-3', status: 'failed' } },
    ]);
  });

  it('keeps copies in destinations that are no longer configured, after the others', () => {
    const copies = [{ destination: 'old-disk', status: 'verified' }];
    expect(copiesByDestination(copies, ['local-1']).map((r) => r.destination)).toEqual(['local-1', 'old-disk']);
  });

  it('counts verified, problem, pruned and missing copies', () => {
    const all = destinations.map((destination) => ({ destination, status: 'verified' }));
    expect(summarizeCopies(all, destinations)).toEqual({ verified: 3, problems: 0, pruned: 0, missing: 0, total: 3 });
    expect(copySummaryText(summarizeCopies(all, destinations), en)).toBe('3 of 3 verified');

    const mixed = [
      { destination: 'local-1', status: 'verified' },
      { destination: 'local-2', status: 'corrupt' },
      { destination: 's3', status: 'pruned' },
    ];
    const summary = summarizeCopies(mixed, [...destinations, 's3']);
    expect(summary).toEqual({ verified: 1, problems: 1, pruned: 1, missing: 1, total: 4 });
    expect(copySummaryText(summary, sv)).toBe('1 av 4 kontrollerade');
    expect(summarizeCopies([], destinations)).toEqual({ verified: 0, problems: 0, pruned: 0, missing: 3, total: 3 });
  });

  it('sums up the destinations by kind', () => {
    expect(destinationsSummary([{ kind: 'local' }, { kind: 'local' }, { kind: 'local' }], en)).toBe('3 local, 0 off-site');
    expect(destinationsSummary([{ kind: 'local' }, { kind: 's3' }], sv)).toBe('1 lokala, 1 utanför datacentret');
  });
});

function overview(partial: Partial<OverviewState> = {}): OverviewState {
  return { running: false, drillRunning: false, backups: [{ id: 'b2' }, { id: 'b1' }], drills: [{ id: 'd1' }], ...partial };
}

describe('polling', () => {
  it('polls while a backup or a drill runs, and not when nothing does', () => {
    expect(POLL_MS).toBe(2000);
    expect(shouldPoll(overview(), null)).toBe(false);
    expect(shouldPoll(overview({ running: true }), null)).toBe(true);
    expect(shouldPoll(overview({ drillRunning: true }), null)).toBe(true);
    expect(shouldPoll(undefined, null)).toBe(false);
  });

  it('remembers the newest backup or drill when a job is started, and when to give up', () => {
    expect(startedJob('backup', overview(), 1000)).toEqual({ kind: 'backup', newestBefore: 'b2', giveUpAt: 1000 + START_WAIT_MS });
    expect(startedJob('drill', overview(), 0).newestBefore).toBe('d1');
    expect(startedJob('drill', overview({ drills: [] }), 0).newestBefore).toBeNull();
    expect(startedJob('backup', null, 0).newestBefore).toBeNull();
  });

  it('keeps polling after a start until the overview shows the job', () => {
    const job = startedJob('backup', overview(), 0);
    // The answer from before the start: not seen yet, so ask again.
    expect(jobSeen(job, overview())).toBe(false);
    expect(shouldPoll(overview(), job)).toBe(true);
    expect(backupBusy(overview(), job)).toBe(true);
    // Running: seen (and polled for as long as it runs).
    expect(jobSeen(job, overview({ running: true }))).toBe(true);
    expect(shouldPoll(overview({ running: true }), job)).toBe(true);
    // Finished before the page looked: a newer backup is listed, nothing runs.
    const done = overview({ backups: [{ id: 'b3' }, { id: 'b2' }] });
    expect(jobSeen(job, done)).toBe(true);
    expect(shouldPoll(done, job)).toBe(false);
    expect(backupBusy(done, job)).toBe(false);
  });

  it('waits for a drill by the drills, not by the backups', () => {
    const job = startedJob('drill', overview(), 0);
    expect(jobSeen(job, overview({ backups: [{ id: 'b9' }] }))).toBe(false);
    expect(jobSeen(job, overview({ drills: [{ id: 'd2' }, { id: 'd1' }] }))).toBe(true);
    expect(jobSeen(job, overview({ drillRunning: true }))).toBe(true);
    expect(drillBusy(overview(), job)).toBe(true);
    expect(backupBusy(overview(), job)).toBe(false);
    expect(drillBusy(overview({ drills: [{ id: 'd2' }] }), job)).toBe(false);
  });

  it('counts the first drill and backup ever as seen', () => {
    const first = startedJob('drill', overview({ drills: [] }), 0);
    expect(jobSeen(first, overview({ drills: [] }))).toBe(false);
    expect(jobSeen(first, overview({ drills: [{ id: 'd1' }] }))).toBe(true);
  });

  it('says busy from the overview alone too', () => {
    expect(backupBusy(overview({ running: true }), null)).toBe(true);
    expect(drillBusy(overview({ drillRunning: true }), null)).toBe(true);
    expect(backupBusy(overview({ drillRunning: true }), null)).toBe(false);
    expect(backupBusy(null, null)).toBe(false);
  });
});

describe('the drill form', () => {
  it('sends no destination when the scenario picks it', () => {
    expect(toDrillVariables({ scenario: 'LOST_DISK', destination: '' })).toEqual({ scenario: 'LOST_DISK', destination: null });
    expect(toDrillVariables({ scenario: 'CORRUPTED_BACKUP', destination: 'local-2' })).toEqual({
      scenario: 'CORRUPTED_BACKUP',
      destination: 'local-2',
    });
  });

  it('needs a destination for a lost data centre when there is no off-site copy', () => {
    expect(drillProblem({ scenario: 'LOST_DATA_CENTRE', destination: '' }, false, en)).toBe(
      'There is no off-site copy to restore from. Choose a destination.',
    );
    expect(drillProblem({ scenario: 'LOST_DATA_CENTRE', destination: 'local-1' }, false, en)).toBeUndefined();
    expect(drillProblem({ scenario: 'LOST_DATA_CENTRE', destination: '' }, true, en)).toBeUndefined();
    expect(drillProblem({ scenario: 'LOST_DISK', destination: '' }, false, en)).toBeUndefined();
  });
});

describe('startFailure', () => {
  const error = (code: string, message = 'x', field?: string) => ({
    graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
  });

  it('says to wait when a backup or drill already runs', () => {
    expect(startFailure(error('CONFLICT', 'another backup or restore is running'), 'backup', en)).toEqual({
      fields: {},
      banner: 'A backup or restore is already running. Try again when it has finished.',
    });
    expect(startFailure(error('CONFLICT'), 'drill', sv).banner).toBe('En återställningsövning pågår redan. Försök igen när den är klar.');
  });

  it('puts an unknown destination at its field', () => {
    const failure = startFailure(error('BAD_USER_INPUT', 'there is no backup destination with this name', 'destination'), 'drill', en);
    expect(failure).toEqual({ fields: { destination: 'there is no backup destination with this name' }, banner: null });
  });

  it('shows other errors in words for their code', () => {
    expect(startFailure(error('FORBIDDEN'), 'backup', en).banner).toBe(en('error.FORBIDDEN'));
    expect(startFailure({ graphQLErrors: [], networkError: new Error('offline') }, 'drill', en).banner).toBe(en('error.NETWORK'));
  });
});
