//! The answer of "Invite to My page": the link (read-only, with a copy button), when it expires,
//! and what happened to the e-mail; or why the server refused, in words. The invitation itself is
//! made by the row action (one request per click); this dialog only shows how it went.
import { useId } from 'react';
import type { CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/Loading';
import type { PortalInvitationFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { formatRelativeTime } from '../../lib/relativeTime';
import { useNow } from '../../lib/useNow';
import { invitationEmailNotice, inviteFailureMessage } from './invitation';

export interface Inviting {
  readonly contact: { readonly id: string; readonly name: string; readonly email?: string | null; readonly archived: boolean };
  /** Absent while the request runs. */
  readonly outcome?: { readonly invitation: PortalInvitationFieldsFragment } | { readonly error: CombinedError };
}

interface Props {
  readonly inviting: Inviting;
  readonly onClose: () => void;
}

export function InviteToMyPageDialog({ inviting, onClose }: Props) {
  const { t, locale } = useI18n();
  const now = useNow();
  const linkId = useId();
  const expiresId = useId();
  const { contact, outcome } = inviting;

  return (
    <Dialog open title={t('contacts.invite.title', { name: contact.name })} onClose={onClose}>
      <div className="dialog__body" data-testid="invite-dialog">
        {!outcome ? <Loading label={t('contacts.invite.creating')} /> : null}
        {outcome && 'error' in outcome ? (
          <Banner testId="invite-error">{inviteFailureMessage(outcome.error, contact, t)}</Banner>
        ) : null}
        {outcome && 'invitation' in outcome ? (
          <div className="form">
            <p>{t('contacts.invite.created', { name: contact.name })}</p>
            <div className="field">
              <label className="field__label" htmlFor={linkId}>
                {t('contacts.invite.link')}
              </label>
              <div className="api-key__secret">
                <input
                  id={linkId}
                  className="input mono"
                  type="text"
                  readOnly
                  value={outcome.invitation.link}
                  spellCheck={false}
                  autoComplete="off"
                  aria-describedby={expiresId}
                  data-testid="invite-link"
                  onFocus={(e) => {
                    e.currentTarget.select();
                  }}
                />
                <CopyButton text={outcome.invitation.link} label={t('contacts.invite.copy')} />
              </div>
              <p className="field__hint" id={expiresId} data-testid="invite-expires">
                {t('contacts.invite.expires', {
                  date: formatDateTime(outcome.invitation.expiresAt, locale),
                  relative: formatRelativeTime(outcome.invitation.expiresAt, now, locale),
                })}
              </p>
            </div>
            <EmailNotice invitation={outcome.invitation} address={contact.email ?? ''} />
          </div>
        ) : null}
      </div>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

function EmailNotice({ invitation, address }: { readonly invitation: PortalInvitationFieldsFragment; readonly address: string }) {
  const { t } = useI18n();
  const notice = invitationEmailNotice(invitation.messageStatus, address, t);
  return (
    <div data-testid="invite-email" data-status={invitation.messageStatus}>
      <Banner tone={notice.tone}>{notice.text}</Banner>
    </div>
  );
}
