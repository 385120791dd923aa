//! One secret in the Secrets tab: title, kind, who may reveal it, when it changed, and the value
//! masked — or, for 30 seconds after a reveal, the value with a countdown, Copy and Hide. Viewers
//! who may reveal it also see the user name, the address (a link opened in a new tab without
//! access to this page), the notes and the latest reveals; others are told why they see no more.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Badge } from '../../components/Badge';
import { CopyButton } from '../../components/CopyButton';
import type { SecretFieldsFragment } from '../../gql/graphql';
import { useI18n, useT } from '../../i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { byName } from '../groups/groups';
import { linkableUrl, MASK, secondsLeft, SECRET_KIND_LABELS, VALUE_LABELS, type Revealed } from './secrets';

function Item({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="dl__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

interface Props {
  readonly secret: SecretFieldsFragment;
  /** The value on screen for this secret, if any. */
  readonly revealed: Revealed | null;
  /** The viewer may edit and delete it. */
  readonly canChange: boolean;
  readonly onReveal: () => void;
  readonly onHide: () => void;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
}

export function SecretCard({ secret, revealed, canChange, onReveal, onHide, onEdit, onDelete }: Props) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const none = <span className="muted">{t('common.notSet')}</span>;
  const url = linkableUrl(secret.url);

  return (
    <li className="secret-item" aria-labelledby={titleId} data-testid="secret" data-secret-id={secret.id}>
      <div className="secret-item__header">
        <div>
          <h3 className="secret-item__title" id={titleId}>
            {secret.title}
          </h3>
          <p className="secret-item__meta small muted">
            <Badge tone="neutral">{t(SECRET_KIND_LABELS[secret.kind])}</Badge>
            <span aria-hidden="true"> · </span>
            <span>{t('secrets.updatedOn', { date: formatDate(secret.updatedAt, locale) })}</span>
          </p>
        </div>
        {canChange ? (
          <div className="row-actions">
            <button
              type="button"
              className="button button--small"
              aria-label={t('secrets.editNamed', { title: secret.title })}
              onClick={onEdit}
            >
              {t('common.edit')}
            </button>
            <button
              type="button"
              className="button button--small button--danger-outline"
              aria-label={t('secrets.deleteNamed', { title: secret.title })}
              onClick={onDelete}
            >
              {t('secrets.delete')}
            </button>
          </div>
        ) : null}
      </div>

      <dl className="dl">
        <Item label={t('secrets.field.allowedGroups')}>
          {secret.allowedGroups.length > 0 ? (
            <ul className="tag-list" data-testid="secret-groups">
              {byName(secret.allowedGroups, locale).map((group) => (
                <li key={group.id} className="tag">
                  {group.name}
                </li>
              ))}
            </ul>
          ) : (
            <span data-testid="secret-groups">{t('secrets.adminsOnly')}</span>
          )}
        </Item>
        {secret.canReveal ? (
          <>
            <Item label={t('secrets.field.username')}>
              {secret.username ? <span className="mono" data-testid="secret-username">{secret.username}</span> : none}
            </Item>
            <Item label={t('secrets.field.url')}>
              {url ? (
                <a href={url} target="_blank" rel="noopener noreferrer" data-testid="secret-url">
                  {secret.url}
                </a>
              ) : secret.url ? (
                <span>{secret.url}</span>
              ) : (
                none
              )}
            </Item>
            <Item label={t('secrets.field.notes')}>{secret.notes ? <p className="note">{secret.notes}</p> : none}</Item>
          </>
        ) : null}
        <Item label={t(VALUE_LABELS[secret.kind])}>
          {revealed ? (
            <RevealedValue revealed={revealed} onHide={onHide} />
          ) : (
            <div className="secret-value">
              <span className="secret-value__mask mono" data-testid="secret-masked" aria-label={t('secrets.masked')}>
                {MASK}
              </span>
              {secret.canReveal ? (
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('secrets.revealNamed', { title: secret.title })}
                  onClick={onReveal}
                >
                  {t('secrets.reveal')}
                </button>
              ) : null}
            </div>
          )}
        </Item>
      </dl>

      {secret.canReveal ? (
        <RecentReveals title={secret.title} reveals={secret.recentReveals ?? []} />
      ) : (
        <p className="muted small" data-testid="secret-not-allowed">
          {t('secrets.notAllowed')}
        </p>
      )}
    </li>
  );
}

/** The value, a countdown to when it is masked again, Copy and Hide. */
function RevealedValue({ revealed, onHide }: { readonly revealed: Revealed; readonly onHide: () => void }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  const left = secondsLeft(revealed.until, now);

  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 250);
    return () => {
      window.clearInterval(timer);
    };
  }, []);

  // The owner also drops it on time; this covers a timer the browser held back.
  useEffect(() => {
    if (left === 0) onHide();
  }, [left, onHide]);

  return (
    <div className="secret-value secret-value--revealed">
      <code className="secret-value__text mono" data-testid="secret-value">
        {revealed.value}
      </code>
      <span className="secret-value__tools">
        {/* A timer is not read out every second (implicit aria-live off); the text says it all. */}
        <span className="small muted" role="timer" data-testid="reveal-countdown">
          {t('secrets.hidesIn', { seconds: left })}
        </span>
        <CopyButton text={revealed.value} label={t('secrets.copy')} />
        <button type="button" className="button button--small" onClick={onHide}>
          {t('secrets.hide')}
        </button>
      </span>
    </div>
  );
}

/** The latest reveals of a secret: when, who and why, newest first. */
function RecentReveals({
  title,
  reveals,
}: {
  readonly title: string;
  readonly reveals: NonNullable<SecretFieldsFragment['recentReveals']>;
}) {
  const { t, locale } = useI18n();
  return (
    <div className="secret-reveals">
      <h4 className="secret-reveals__title small">
        {t('secrets.recent.title')}
      </h4>
      {reveals.length === 0 ? (
        <p className="muted small">{t('secrets.recent.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--inner small" data-testid="secret-reveals">
            <caption className="sr-only">{t('secrets.recent.caption', { title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('secrets.recent.when')}</th>
                <th scope="col">{t('secrets.recent.who')}</th>
                <th scope="col">{t('secrets.recent.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {reveals.map((reveal, i) => (
                <tr key={`${reveal.revealedAt}-${String(i)}`}>
                  <td className="nowrap">
                    <time dateTime={reveal.revealedAt}>{formatDateTime(reveal.revealedAt, locale)}</time>
                  </td>
                  <td>{reveal.userName ?? <span className="muted">{t('secrets.recent.deletedUser')}</span>}</td>
                  <td className="secret-reveals__reason">{reveal.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
