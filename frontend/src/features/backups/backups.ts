//! Pure helpers of Admin → Backups: sizes, counts and durations in the UI language; backup and
//! copy statuses, kinds, triggers, drill scenarios and drill checks in words with a badge tone;
//! a backup's copies per destination and how many are verified; when the page polls the
//! overview (while a backup or drill runs, and right after one was started until the overview
//! shows it); the drill form's check; and the server's refusals of a start in words.
import type { BackupKind, DrillScenario } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';
import { bannerMessage, fieldErrors, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';

/** How many backups and drills the overview lists (`backupOverview(first:)`, newest first). */
export const OVERVIEW_FIRST = 20;
/** How often the overview is loaded again while something runs. */
export const POLL_MS = 2000;
/** How long the page waits for a job it started to show up before it stops polling for it. */
export const START_WAIT_MS = 60_000;

export type Tone = 'neutral' | 'warning' | 'muted' | 'danger';

// ---------- Numbers ----------

/** Decimal (SI) units: 1 kB = 1000 bytes, as file managers and S3 consoles count. */
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A size in bytes for reading: "512 B", "12.1 kB", "3.4 MB" (Swedish: "12,1 kB"). One decimal
 * from kB on; a value that rounds to 1000 of a unit moves to the next one. The unit symbols are
 * the same in every language; the number follows `locale`. A no-break space keeps number and
 * unit together.
 */
export function formatBytes(bytes: number, locale: string): string {
  const safe = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  if (safe < 1000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(safe)}\u00a0B`;
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  let value = safe;
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1 && Math.round(value * 10) / 10 >= 1000) {
    value /= 1000;
    unit += 1;
  }
  return `${format.format(value)}\u00a0${BYTE_UNITS[unit]}`;
}

/** A count (rows) with the locale's digit groups: "12,345" / "12 345". */
export function formatCount(count: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(count);
}

/**
 * A duration in milliseconds for reading: "850 ms", "4.2 s", "2 min 5 s", "1 h 3 min"
 * (Swedish: "4,2 s"). Symbols as in SI, the number in `locale`.
 */
export function formatDuration(ms: number, locale: string): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (Math.round(safe) < 1000) return `${String(Math.round(safe))}\u00a0ms`;
  const seconds = Math.round(safe / 100) / 10;
  if (seconds < 60) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(seconds)}\u00a0s`;
  const totalSeconds = Math.round(safe / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${String(minutes)}\u00a0min` : `${String(minutes)}\u00a0min ${String(seconds)}\u00a0s`;
  }
  const totalMinutes = Math.round(safe / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `${String(hours)}\u00a0h` : `${String(hours)}\u00a0h ${String(minutes)}\u00a0min`;
}

// ---------- Statuses in words ----------

export interface StatusCopy {
  readonly label: MessageKey;
  readonly tone: Tone;
}

/** A shown status: the word and the badge tone (the word carries the meaning, not the colour). */
export interface StatusBadge {
  readonly text: string;
  readonly tone: Tone;
}

/** `status` of a backup, as the server words it (`Backup.status`). */
export const BACKUP_STATUS_COPY: Readonly<Record<string, StatusCopy>> = {
  running: { label: 'backups.status.running', tone: 'muted' },
  complete: { label: 'backups.status.complete', tone: 'neutral' },
  incomplete: { label: 'backups.status.incomplete', tone: 'warning' },
  failed: { label: 'backups.status.failed', tone: 'danger' },
  pruned: { label: 'backups.status.pruned', tone: 'muted' },
};

/** `status` of a copy in one destination (`BackupCopy.status`). */
export const COPY_STATUS_COPY: Readonly<Record<string, StatusCopy>> = {
  verified: { label: 'backups.copy.verified', tone: 'neutral' },
  failed: { label: 'backups.copy.failed', tone: 'danger' },
  corrupt: { label: 'backups.copy.corrupt', tone: 'danger' },
  pruned: { label: 'backups.copy.pruned', tone: 'muted' },
};

function lookup(table: Readonly<Record<string, StatusCopy>>, status: string, t: TFunction): StatusBadge {
  const copy = Object.hasOwn(table, status) ? table[status] : undefined;
  // A status this page does not know yet is shown as the server sends it.
  return copy ? { text: t(copy.label), tone: copy.tone } : { text: status, tone: 'muted' };
}

export function backupStatusBadge(status: string, t: TFunction): StatusBadge {
  return lookup(BACKUP_STATUS_COPY, status, t);
}

export function copyStatusBadge(status: string, t: TFunction): StatusBadge {
  return lookup(COPY_STATUS_COPY, status, t);
}

/** Whether a copy's error is worth showing: it failed, or a drill found it damaged. */
export function copyHasProblem(status: string): boolean {
  return status === 'failed' || status === 'corrupt';
}

/** A drill's outcome as a badge. */
export function drillResultBadge(passed: boolean, t: TFunction): StatusBadge {
  return passed ? { text: t('backups.drill.passed'), tone: 'neutral' } : { text: t('backups.drill.failed'), tone: 'danger' };
}

/** `Record<BackupKind, …>`: a new value of the API's enum is a type error until it has words. */
export const KIND_LABELS: Readonly<Record<BackupKind, MessageKey>> = {
  MANUAL: 'backups.kind.MANUAL',
  HOURLY: 'backups.kind.HOURLY',
  DAILY: 'backups.kind.DAILY',
};

export const SCENARIO_COPY: Readonly<Record<DrillScenario, { readonly label: MessageKey; readonly hint: MessageKey }>> = {
  LOST_DISK: { label: 'backups.scenario.LOST_DISK', hint: 'backups.scenario.LOST_DISK.hint' },
  LOST_DATA_CENTRE: { label: 'backups.scenario.LOST_DATA_CENTRE', hint: 'backups.scenario.LOST_DATA_CENTRE.hint' },
  CORRUPTED_BACKUP: { label: 'backups.scenario.CORRUPTED_BACKUP', hint: 'backups.scenario.CORRUPTED_BACKUP.hint' },
};

/** The scenarios in the order the form offers them. */
export const SCENARIOS = Object.keys(SCENARIO_COPY) as DrillScenario[];

const TRIGGER_LABELS: Readonly<Record<string, MessageKey>> = {
  user: 'backups.trigger.user',
  schedule: 'backups.trigger.schedule',
  cli: 'backups.trigger.cli',
};

/** Who started a backup or drill (`cli`, `schedule`, `user`); an unknown value as it is. */
export function triggerLabel(trigger: string, t: TFunction): string {
  const key = Object.hasOwn(TRIGGER_LABELS, trigger) ? TRIGGER_LABELS[trigger] : undefined;
  return key ? t(key) : trigger;
}

const DESTINATION_KIND_LABELS: Readonly<Record<string, MessageKey>> = {
  local: 'backups.destinationKind.local',
  s3: 'backups.destinationKind.s3',
};

/** A destination's kind (`local`, `s3`) in words; an unknown value as it is. */
export function destinationKindLabel(kind: string, t: TFunction): string {
  const key = Object.hasOwn(DESTINATION_KIND_LABELS, kind) ? DESTINATION_KIND_LABELS[kind] : undefined;
  return key ? t(key) : kind;
}

const CHECK_LABELS: Readonly<Record<string, MessageKey>> = {
  'backup found': 'backups.check.backupFound',
  checksums: 'backups.check.checksums',
  restore: 'backups.check.restore',
  'row counts': 'backups.check.rowCounts',
  'foreign keys': 'backups.check.foreignKeys',
  'audit hash chain': 'backups.check.auditChain',
  'consent projection': 'backups.check.consentProjection',
  'anonymization ledger': 'backups.check.anonymizationLedger',
};

/** What a drill check is called in the UI language (the server's name when it is a new one). */
export function checkLabel(name: string, t: TFunction): string {
  const key = Object.hasOwn(CHECK_LABELS, name) ? CHECK_LABELS[name] : undefined;
  return key ? t(key) : name;
}

// ---------- Copies ----------

export interface CopyLike {
  readonly destination: string;
  readonly status: string;
}

/** A destination's place in a backup's row: its copy, or null when there is none (yet). */
export interface DestinationCopy<C extends CopyLike> {
  readonly destination: string;
  readonly copy: C | null;
}

/**
 * A backup's copies in the order of the configured destinations (each listed, with or without
 * a copy), followed by copies in destinations no longer configured.
 */
export function copiesByDestination<C extends CopyLike>(copies: readonly C[], destinations: readonly string[]): DestinationCopy<C>[] {
  const listed: DestinationCopy<C>[] = destinations.map((destination) => ({
    destination,
    copy: copies.find((c) => c.destination === destination) ?? null,
  }));
  const known = new Set(destinations);
  const others = copies.filter((c) => !known.has(c.destination)).map((copy) => ({ destination: copy.destination, copy }));
  return [...listed, ...others];
}

export interface CopySummary {
  readonly verified: number;
  /** Failed or found corrupt. */
  readonly problems: number;
  readonly pruned: number;
  /** Configured destinations without a copy of this backup. */
  readonly missing: number;
  /** What "all" means: the configured destinations, or more when copies went elsewhere too. */
  readonly total: number;
}

export function summarizeCopies(copies: readonly CopyLike[], destinations: readonly string[]): CopySummary {
  const rows = copiesByDestination(copies, destinations);
  let verified = 0;
  let problems = 0;
  let pruned = 0;
  let missing = 0;
  for (const { copy } of rows) {
    if (!copy) missing += 1;
    else if (copy.status === 'verified') verified += 1;
    else if (copyHasProblem(copy.status)) problems += 1;
    else if (copy.status === 'pruned') pruned += 1;
  }
  return { verified, problems, pruned, missing, total: rows.length };
}

/** "3 of 3 verified". */
export function copySummaryText(summary: CopySummary, t: TFunction): string {
  return t('backups.copies.verifiedOf', { verified: summary.verified, total: summary.total });
}

/** How many local and off-site destinations there are, in words. */
export function destinationsSummary(destinations: readonly { readonly kind: string }[], t: TFunction): string {
  const offSite = destinations.filter((d) => d.kind === 's3').length;
  const local = destinations.length - offSite;
  return t('backups.destinations.summary', { local, offSite });
}

// ---------- Polling ----------

export type JobKind = 'backup' | 'drill';

/** A job this page started and has not seen in the overview yet. */
export interface StartedJob {
  readonly kind: JobKind;
  /** The newest backup's or drill's id when it was started (null: there was none). */
  readonly newestBefore: string | null;
  /** Unix ms after which the page stops waiting for it (it may have failed before it showed). */
  readonly giveUpAt: number;
}

export interface OverviewState {
  readonly running: boolean;
  readonly drillRunning: boolean;
  readonly backups: readonly { readonly id: string }[];
  readonly drills: readonly { readonly id: string }[];
}

export function newestId(kind: JobKind, overview: OverviewState): string | null {
  return (kind === 'backup' ? overview.backups[0]?.id : overview.drills[0]?.id) ?? null;
}

/** A job to wait for, started now against what the overview shows. */
export function startedJob(kind: JobKind, overview: OverviewState | null | undefined, now: number): StartedJob {
  return { kind, newestBefore: overview ? newestId(kind, overview) : null, giveUpAt: now + START_WAIT_MS };
}

/** Whether the overview shows the started job: running now, or a newer backup/drill is listed. */
export function jobSeen(job: StartedJob, overview: OverviewState): boolean {
  const running = job.kind === 'backup' ? overview.running : overview.drillRunning;
  return running || newestId(job.kind, overview) !== job.newestBefore;
}

/** Whether the page should load the overview again in `POLL_MS`. */
export function shouldPoll(overview: OverviewState | null | undefined, waitingFor: StartedJob | null): boolean {
  if (!overview) return waitingFor !== null;
  if (overview.running || overview.drillRunning) return true;
  return waitingFor !== null && !jobSeen(waitingFor, overview);
}

/** Whether a backup (or a restore) holds the lease, so "Back up now" would be refused. */
export function backupBusy(overview: OverviewState | null | undefined, waitingFor: StartedJob | null): boolean {
  if (overview?.running) return true;
  return waitingFor?.kind === 'backup' && (!overview || !jobSeen(waitingFor, overview));
}

/** Whether a drill runs (or was just started), so "Run drill" would be refused. */
export function drillBusy(overview: OverviewState | null | undefined, waitingFor: StartedJob | null): boolean {
  if (overview?.drillRunning) return true;
  return waitingFor?.kind === 'drill' && (!overview || !jobSeen(waitingFor, overview));
}

// ---------- The drill form ----------

/** The form's fields, named as the server's `extensions.field` names them. */
export const DRILL_FIELDS: ReadonlySet<string> = new Set(['destination', 'scenario']);

export interface DrillValues {
  readonly scenario: DrillScenario;
  /** A destination's name, or '' for the one the scenario calls for. */
  readonly destination: string;
}

/** The variables of `runBackupDrill` (no destination: the server picks it by the scenario). */
export function toDrillVariables(values: DrillValues): { scenario: DrillScenario; destination: string | null } {
  return { scenario: values.scenario, destination: values.destination === '' ? null : values.destination };
}

/**
 * What is wrong before sending: a lost data centre is rehearsed from the off-site copy, so
 * without one (and without a destination chosen) there is nothing to restore from.
 */
export function drillProblem(values: DrillValues, offSite: boolean, t: TFunction): string | undefined {
  if (values.scenario === 'LOST_DATA_CENTRE' && !offSite && values.destination === '') {
    return t('backups.drill.needsOffSite');
  }
  return undefined;
}

// ---------- The server's answers ----------

export interface StartFailure {
  /** Errors at the form's fields (the drill's destination). */
  readonly fields: Readonly<Record<string, string>>;
  readonly banner: string | null;
}

/**
 * A refused start in words: `CONFLICT` (a backup, restore or drill already runs) says to wait,
 * `BAD_USER_INPUT` goes to its field, the rest is the general message for its code.
 */
export function startFailure(error: CombinedErrorLike | null | undefined, kind: JobKind, t: TFunction): StartFailure {
  const fields = fieldErrors(error, t('error.fieldInvalid'));
  if (primaryErrorCode(error) === 'CONFLICT') {
    return { fields: {}, banner: t(kind === 'backup' ? 'backups.conflict.backup' : 'backups.conflict.drill') };
  }
  const shown = kind === 'drill' ? DRILL_FIELDS : new Set<string>();
  const placed: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) if (shown.has(field)) placed[field] = message;
  return { fields: placed, banner: bannerMessage(error, t, shown) };
}
