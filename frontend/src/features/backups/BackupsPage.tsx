//! /admin/backups (RUN_BACKUPS): how the backups stand. A summary (schedule, what is kept, the
//! next backup and drill, and a warning when there is no off-site copy), "Back up now", the
//! destinations with their last verified backup and last copy, the latest backups with their
//! copies per destination, and restore drills: a form to run one (scenario, optionally the
//! destination) and the drills so far, each opening to its checks. Backups and drills run in the
//! background on the server: the page loads the overview again every 2 seconds while one runs,
//! and right after it started one until the overview shows it. The server enforces all of it.
import { Fragment, useEffect, useState, type ReactNode, type SubmitEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import type { BackupOverviewQuery, DrillScenario } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import {
  KIND_LABELS,
  OVERVIEW_FIRST,
  POLL_MS,
  SCENARIOS,
  SCENARIO_COPY,
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
  type StartedJob,
} from './backups';

const BackupOverviewQueryDoc = graphql(`
  query BackupOverview($first: Int!) {
    backupOverview(first: $first) {
      scheduled
      hourlyKeep
      dailyKeep
      drillIntervalHours
      nextBackupAt
      nextBackupKind
      nextDrillAt
      running
      drillRunning
      offSite
      destinations {
        name
        kind
        location
        lastVerified {
          id
          fileName
          startedAt
          sizeBytes
        }
        lastCopy {
          destination
          status
          attempts
          verifiedAt
          error
        }
      }
      backups {
        id
        fileName
        kind
        trigger
        status
        startedAt
        finishedAt
        sizeBytes
        rows
        durationMs
        error
        copies {
          destination
          status
          attempts
          verifiedAt
          error
        }
      }
      drills {
        id
        startedAt
        finishedAt
        scenario
        destination
        backupFile
        passed
        checks {
          name
          passed
          detail
        }
        durationMs
        rows
        error
        trigger
      }
    }
  }
`);

const RunBackupMutation = graphql(`
  mutation RunBackup {
    runBackup
  }
`);

const RunBackupDrillMutation = graphql(`
  mutation RunBackupDrill($destination: String, $scenario: DrillScenario) {
    runBackupDrill(destination: $destination, scenario: $scenario)
  }
`);

type Overview = BackupOverviewQuery['backupOverview'];
type Destination = Overview['destinations'][number];
type BackupRow = Overview['backups'][number];
type Drill = Overview['drills'][number];

// The mutations answer a Boolean: naming the overview makes the document cache load it again.
const START_CONTEXT = { additionalTypenames: ['BackupOverview'] };

/** What the last "Back up now" did: started (shown while it runs), or refused with an error. */
type StartOutcome = { readonly started: true } | { readonly started: false; readonly error: CombinedError } | null;

const DRILL_COLUMNS = 8;

export function BackupsPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  if (!hasRight(viewer, 'RUN_BACKUPS')) return <NoAccess body={t('backups.noAccess')} />;
  return <Backups />;
}

function Backups() {
  const { t } = useI18n();
  const now = useNow();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: BackupOverviewQueryDoc,
    variables: { first: OVERVIEW_FIRST },
    // Backups are taken by the schedule too: always ask the server.
    requestPolicy: 'cache-and-network',
  });
  const [backupState, runBackup] = useMutation(RunBackupMutation);
  const [drillState, runDrill] = useMutation(RunBackupDrillMutation);
  // A backup and a drill this page started, until the overview shows them.
  const [waitingBackup, setWaitingBackup] = useState<StartedJob | null>(null);
  const [waitingDrill, setWaitingDrill] = useState<StartedJob | null>(null);
  const [outcome, setOutcome] = useState<StartOutcome>(null);

  const overview = data?.backupOverview;
  const polling = shouldPoll(overview, waitingBackup) || shouldPoll(overview, waitingDrill);

  // While a backup or drill runs (or one this page started has not shown up yet), ask again.
  useEffect(() => {
    if (!polling) return;
    const timer = window.setInterval(() => {
      // One that never shows up (it failed before it was recorded) is not waited for forever.
      const now = Date.now();
      if (waitingBackup && now > waitingBackup.giveUpAt) setWaitingBackup(null);
      if (waitingDrill && now > waitingDrill.giveUpAt) setWaitingDrill(null);
      reexecute({ requestPolicy: 'network-only' });
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [polling, waitingBackup, waitingDrill, reexecute]);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('backups.noAccess')} />;

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  const busy = backupState.fetching || backupBusy(overview, waitingBackup);
  // The backup started here is still running (or has not shown up yet).
  const startedHere = outcome?.started === true && busy;

  const onBackUp = async () => {
    setOutcome(null);
    const started = startedJob('backup', overview, Date.now());
    const result = await runBackup({}, START_CONTEXT);
    if (result.error) {
      setOutcome({ started: false, error: result.error });
      return;
    }
    setWaitingBackup(started);
    setOutcome({ started: true });
  };

  /** Starts a drill; resolves to the server's refusal (null when it started). */
  const onDrill = async (scenario: DrillScenario, destination: string): Promise<CombinedError | null> => {
    const started = startedJob('drill', overview, Date.now());
    const result = await runDrill(toDrillVariables({ scenario, destination }), START_CONTEXT);
    if (result.error) return result.error;
    setWaitingDrill(started);
    return null;
  };

  const listError = primaryErrorCode(error);

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('backups.title')}</h1>
          <p className="muted">{t('backups.intro')}</p>
        </div>
        {overview ? (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void onBackUp()}>
            {busy ? t('backups.runningNow') : t('backups.runNow')}
          </button>
        ) : null}
      </div>

      {outcome && !outcome.started ? (
        <Banner testId="backups-error">
          {startFailure(outcome.error, 'backup', t).banner ?? generalMessage('INTERNAL', t)}
        </Banner>
      ) : null}
      {startedHere ? (
        <Banner tone="info" testId="backups-started">
          {t('backups.started')}
        </Banner>
      ) : null}

      {!data && fetching ? <Loading /> : null}
      {listError && !fetching ? (
        <Banner
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(listError, t)}
        </Banner>
      ) : null}

      {overview ? (
        <>
          {overview.offSite ? null : (
            <Banner tone="warning" testId="backups-offsite-warning">
              {t('backups.offSite')}
            </Banner>
          )}
          {/* Someone else's backup (or the schedule's, or a restore): say why the button waits. */}
          {overview.running && !startedHere ? (
            <p className="muted notice" role="status" data-testid="backups-running">
              {t('backups.busy')}
            </p>
          ) : null}
          <Summary overview={overview} now={now} />
          <Destinations destinations={overview.destinations} now={now} />
          <BackupsTable overview={overview} now={now} />
          <Drills
            overview={overview}
            now={now}
            busy={drillState.fetching || drillBusy(overview, waitingDrill)}
            seen={waitingDrill ? jobSeen(waitingDrill, overview) : true}
            onRun={onDrill}
          />
        </>
      ) : null}
    </main>
  );
}

function Summary({ overview, now }: { readonly overview: Overview; readonly now: number }) {
  const { t } = useI18n();
  const notScheduled = <span className="muted">{t('backups.summary.notScheduled')}</span>;
  return (
    <section className="card" aria-labelledby="backups-summary-title">
      <h2 className="card__title" id="backups-summary-title">
        {t('backups.summary.title')}
      </h2>
      <dl className="dl" data-testid="backups-summary">
        <div className="dl__item">
          <dt>{t('backups.summary.schedule')}</dt>
          <dd data-testid="backups-scheduled" data-scheduled={overview.scheduled}>
            {overview.scheduled ? t('backups.summary.scheduleOn') : t('backups.summary.scheduleOff')}
          </dd>
        </div>
        <div className="dl__item">
          <dt>{t('backups.summary.retention')}</dt>
          <dd>{t('backups.summary.retentionValue', { hourly: overview.hourlyKeep, daily: overview.dailyKeep })}</dd>
        </div>
        <div className="dl__item">
          <dt>{t('backups.summary.nextBackup')}</dt>
          <dd data-testid="backups-next-backup">
            {overview.nextBackupAt ? (
              <>
                <Timestamp value={overview.nextBackupAt} now={now} />
                {overview.nextBackupKind ? <div className="small">{t(KIND_LABELS[overview.nextBackupKind])}</div> : null}
              </>
            ) : (
              notScheduled
            )}
          </dd>
        </div>
        <div className="dl__item">
          <dt>{t('backups.summary.nextDrill')}</dt>
          <dd data-testid="backups-next-drill">
            {overview.nextDrillAt ? (
              <>
                <Timestamp value={overview.nextDrillAt} now={now} />
                <div className="small">{t('backups.summary.drillEvery', { hours: overview.drillIntervalHours })}</div>
              </>
            ) : (
              notScheduled
            )}
          </dd>
        </div>
        <div className="dl__item">
          <dt>{t('backups.summary.destinations')}</dt>
          <dd>{destinationsSummary(overview.destinations, t)}</dd>
        </div>
      </dl>
    </section>
  );
}

function Destinations({ destinations, now }: { readonly destinations: readonly Destination[]; readonly now: number }) {
  const { t, locale } = useI18n();
  return (
    <section className="card card--flush" aria-labelledby="backups-destinations-title">
      <div className="card__header">
        <h2 className="card__title" id="backups-destinations-title">
          {t('backups.destinations.title')}
        </h2>
      </div>
      <div className="table-scroll">
        <table className="table" data-testid="backups-destinations">
          <caption className="sr-only">{t('backups.destinations.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backups.destinations.col.name')}</th>
              <th scope="col">{t('backups.destinations.col.kind')}</th>
              <th scope="col">{t('backups.destinations.col.location')}</th>
              <th scope="col">{t('backups.destinations.col.lastVerified')}</th>
              <th scope="col">{t('backups.destinations.col.lastCopy')}</th>
            </tr>
          </thead>
          <tbody>
            {destinations.map((d) => {
              const last = d.lastCopy;
              const badge = last ? copyStatusBadge(last.status, t) : null;
              return (
                <tr key={d.name} data-destination={d.name} data-kind={d.kind} data-last-copy={last?.status ?? ''}>
                  <td className="strong nowrap">{d.name}</td>
                  <td>{destinationKindLabel(d.kind, t)}</td>
                  <td className="backups__location">
                    <code className="mono">{d.location}</code>
                  </td>
                  <td>
                    {d.lastVerified ? (
                      <>
                        <Timestamp value={d.lastVerified.startedAt} now={now} />
                        {d.lastVerified.sizeBytes !== null ? (
                          <div className="small muted">{formatBytes(d.lastVerified.sizeBytes, locale)}</div>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">{t('backups.destinations.none')}</span>
                    )}
                  </td>
                  <td>
                    {last && badge ? (
                      <>
                        <Badge tone={badge.tone}>{badge.text}</Badge>
                        {copyHasProblem(last.status) && last.error ? (
                          <div className="small backups__error">{last.error}</div>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">{t('backups.destinations.none')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function BackupsTable({ overview, now }: { readonly overview: Overview; readonly now: number }) {
  const { t, locale } = useI18n();
  const names = overview.destinations.map((d) => d.name);
  const none = <span className="muted">{t('common.notSet')}</span>;
  return (
    <section className="card card--flush" aria-labelledby="backups-list-title">
      <div className="card__header">
        <h2 className="card__title" id="backups-list-title">
          {t('backups.list.title')}
        </h2>
      </div>
      {overview.backups.length === 0 ? (
        <div className="empty" role="status">
          <p className="empty__title">{t('backups.list.empty')}</p>
          <p className="muted">{t('backups.list.emptyHint')}</p>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="backups-table">
            <caption className="sr-only">{t('backups.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.col.started')}</th>
                <th scope="col">{t('backups.col.kind')}</th>
                <th scope="col">{t('backups.col.trigger')}</th>
                <th scope="col">{t('backups.col.status')}</th>
                <th scope="col" className="num">
                  {t('backups.col.size')}
                </th>
                <th scope="col" className="num">
                  {t('backups.col.rows')}
                </th>
                <th scope="col" className="num">
                  {t('backups.col.duration')}
                </th>
                <th scope="col">{t('backups.col.copies')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.backups.map((b) => (
                <BackupTableRow key={b.id} backup={b} destinations={names} now={now} none={none} locale={locale} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface BackupRowProps {
  readonly backup: BackupRow;
  readonly destinations: readonly string[];
  readonly now: number;
  readonly none: ReactNode;
  readonly locale: string;
}

function BackupTableRow({ backup, destinations, now, none, locale }: BackupRowProps) {
  const { t } = useI18n();
  const status = backupStatusBadge(backup.status, t);
  const summary = summarizeCopies(backup.copies, destinations);
  const copies = copiesByDestination(backup.copies, destinations);
  return (
    <tr
      data-backup-id={backup.id}
      data-status={backup.status}
      data-trigger={backup.trigger}
      data-verified={summary.verified}
      data-copies={summary.total}
    >
      <td>
        <Timestamp value={backup.startedAt} now={now} />
        <div className="mono small muted backups__file">{backup.fileName}</div>
      </td>
      <td>{t(KIND_LABELS[backup.kind])}</td>
      <td>{triggerLabel(backup.trigger, t)}</td>
      <td>
        <Badge tone={status.tone}>{status.text}</Badge>
        {backup.error ? <div className="small backups__error">{backup.error}</div> : null}
      </td>
      <td className="num nowrap">{backup.sizeBytes === null ? none : formatBytes(backup.sizeBytes, locale)}</td>
      <td className="num nowrap">{backup.rows === null ? none : formatCount(backup.rows, locale)}</td>
      <td className="num nowrap">
        {backup.durationMs === null ? none : formatDuration(backup.durationMs, locale)}
      </td>
      <td>
        <div className="small" data-testid="backup-copies-summary">
          {copySummaryText(summary, t)}
        </div>
        <ul className="backups__copies" aria-label={t('backups.copies.of', { file: backup.fileName })}>
          {copies.map(({ destination, copy }) => {
            const badge = copy ? copyStatusBadge(copy.status, t) : { text: t('backups.copy.none'), tone: 'muted' as const };
            return (
              <li key={destination} data-destination={destination} data-status={copy?.status ?? 'none'}>
                <span className="small">{destination}</span>
                <Badge tone={badge.tone}>{badge.text}</Badge>
                {copy && copyHasProblem(copy.status) && copy.error ? (
                  <span className="small backups__error">{copy.error}</span>
                ) : null}
              </li>
            );
          })}
        </ul>
      </td>
    </tr>
  );
}

interface DrillsProps {
  readonly overview: Overview;
  readonly now: number;
  /** A drill runs, or one was just started. */
  readonly busy: boolean;
  /** False while a drill this page started has not shown up yet. */
  readonly seen: boolean;
  readonly onRun: (scenario: DrillScenario, destination: string) => Promise<CombinedError | null>;
}

function Drills({ overview, now, busy, seen, onRun }: DrillsProps) {
  const { t, locale } = useI18n();
  const [scenario, setScenario] = useState<DrillScenario>('LOST_DISK');
  const [destination, setDestination] = useState('');
  const [checked, setChecked] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Readonly<Record<string, string>>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const values = { scenario, destination };
  const startedHere = started && (busy || !seen);
  const clientProblem = checked ? drillProblem(values, overview.offSite, t) : undefined;

  const toggle = (id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setChecked(true);
    setBanner(null);
    setStarted(false);
    setFieldErrors({});
    if (drillProblem(values, overview.offSite, t)) return;
    const error = await onRun(scenario, destination);
    if (error) {
      const failure = startFailure(error, 'drill', t);
      setFieldErrors(failure.fields);
      setBanner(failure.banner);
      return;
    }
    setStarted(true);
  };

  const destinationOptions = [
    { value: '', label: t('backups.drill.destinationAuto') },
    ...overview.destinations.map((d) => ({ value: d.name, label: `${d.name} (${destinationKindLabel(d.kind, t)})` })),
  ];

  return (
    <>
      <section className="card" aria-labelledby="backups-drill-title">
        <h2 className="card__title" id="backups-drill-title">
          {t('backups.drills.title')}
        </h2>
        <p className="muted small notice">{t('backups.drills.intro')}</p>
        {banner ? <Banner testId="backups-drill-error">{banner}</Banner> : null}
        {startedHere ? (
          <Banner tone="info" testId="backups-drill-started">
            {t('backups.drill.started')}
          </Banner>
        ) : null}
        {overview.drillRunning && !startedHere ? (
          <p className="muted notice" role="status" data-testid="backups-drill-running">
            {t('backups.drillBusy')}
          </p>
        ) : null}
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="backups-drill-title">
          <div className="grid grid--2">
            <SelectField
              name="scenario"
              label={t('backups.drill.scenario')}
              hint={t(SCENARIO_COPY[scenario].hint)}
              value={scenario}
              error={fieldErrors['scenario']}
              options={SCENARIOS.map((s) => ({ value: s, label: t(SCENARIO_COPY[s].label) }))}
              onValue={(v) => {
                setScenario(v);
                setFieldErrors({});
              }}
            />
            <SelectField
              name="destination"
              label={t('backups.drill.destination')}
              hint={t('backups.drill.destinationHint')}
              value={destination}
              error={clientProblem ?? fieldErrors['destination']}
              options={destinationOptions}
              onValue={(v) => {
                setDestination(v);
                setFieldErrors({});
              }}
            />
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? t('backups.drill.runningNow') : t('backups.drill.run')}
            </button>
          </div>
        </form>
      </section>

      <section className="card card--flush" aria-labelledby="backups-drills-title">
        <div className="card__header">
          <h2 className="card__title" id="backups-drills-title">
            {t('backups.drills.history')}
          </h2>
        </div>
        {overview.drills.length === 0 ? (
          <p className="empty muted" role="status">
            {t('backups.drills.empty')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="backups-drills">
              <caption className="sr-only">{t('backups.drills.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('backups.drills.col.started')}</th>
                  <th scope="col">{t('backups.drills.col.scenario')}</th>
                  <th scope="col">{t('backups.drills.col.destination')}</th>
                  <th scope="col">{t('backups.drills.col.file')}</th>
                  <th scope="col">{t('backups.drills.col.result')}</th>
                  <th scope="col" className="num">
                    {t('backups.drills.col.duration')}
                  </th>
                  <th scope="col">{t('backups.drills.col.trigger')}</th>
                  <th scope="col" className="actions">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.drills.map((drill) => {
                  const open = expanded.has(drill.id);
                  const panelId = `backup-drill-${drill.id}`;
                  const result = drillResultBadge(drill.passed, t);
                  return (
                    <Fragment key={drill.id}>
                      <tr
                        data-drill-id={drill.id}
                        data-passed={drill.passed}
                        data-scenario={drill.scenario}
                        data-trigger={drill.trigger}
                        className={open ? 'is-expanded' : undefined}
                      >
                        <td>
                          <Timestamp value={drill.startedAt} now={now} />
                        </td>
                        <td>{t(SCENARIO_COPY[drill.scenario].label)}</td>
                        <td className="nowrap">{drill.destination}</td>
                        <td className="backups__file">
                          {drill.backupFile ? (
                            <span className="mono small">{drill.backupFile}</span>
                          ) : (
                            <span className="muted">{t('backups.drill.noFile')}</span>
                          )}
                        </td>
                        <td>
                          <Badge tone={result.tone}>{result.text}</Badge>
                        </td>
                        <td className="num nowrap">{formatDuration(drill.durationMs, locale)}</td>
                        <td>{triggerLabel(drill.trigger, t)}</td>
                        <td className="actions">
                          <button
                            type="button"
                            className="button button--small"
                            aria-expanded={open}
                            aria-controls={open ? panelId : undefined}
                            aria-label={t('backups.drill.checksFor', { time: formatDateTime(drill.startedAt, locale) })}
                            onClick={() => {
                              toggle(drill.id);
                            }}
                          >
                            <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
                            {t('backups.drill.checks')}
                          </button>
                        </td>
                      </tr>
                      {open ? (
                        <tr id={panelId} className="backups__checks-row">
                          <td colSpan={DRILL_COLUMNS}>
                            <DrillDetails drill={drill} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function DrillDetails({ drill }: { readonly drill: Drill }) {
  const { t, locale } = useI18n();
  return (
    <div className="backups__checks" data-testid="drill-details">
      {drill.checks.length === 0 ? (
        <p className="muted notice">{t('backups.drill.noChecks')}</p>
      ) : (
        <ul className="backups__check-list">
          {drill.checks.map((check, index) => {
            const badge = drillResultBadge(check.passed, t);
            return (
              // The server may name a check twice (e.g. a retried step): the index keeps keys unique.
              <li key={`${String(index)}-${check.name}`} data-testid="drill-check" data-check={check.name} data-passed={check.passed}>
                <Badge tone={badge.tone}>{badge.text}</Badge>
                <span className="strong">{checkLabel(check.name, t)}</span>
                <span className="muted small">{check.detail}</span>
              </li>
            );
          })}
        </ul>
      )}
      {drill.rows !== null ? (
        <p className="small muted notice">{t('backups.drill.rows', { count: formatCount(drill.rows, locale) })}</p>
      ) : null}
      {drill.error ? (
        <p className="small backups__error notice" data-testid="drill-error">
          {t('backups.drill.error', { error: drill.error })}
        </p>
      ) : null}
    </div>
  );
}
