//! A small line about the latest live consent change (see useLiveConsents), in a polite live
//! region that is always there, so screen readers announce each new change. It can be hidden;
//! the next change shows again.
import { useState } from 'react';
import type { ConsentChangedFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { useNow } from '../../lib/useNow';
import { liveConsentNotice } from './useLiveConsents';

interface Props {
  readonly change: ConsentChangedFieldsFragment | null;
}

export function LiveConsentNotice({ change }: Props) {
  const { t, lang, locale } = useI18n();
  const now = useNow(15_000);
  const [hiddenEventId, setHiddenEventId] = useState<string | null>(null);
  const shown = change && change.eventId !== hiddenEventId ? change : null;
  return (
    <div className="live-notice" role="status" aria-live="polite">
      {shown ? (
        <p className="live-notice__line small" data-testid="live-consent-notice">
          <span className="live-notice__icon" aria-hidden="true">
            ●
          </span>
          <span>{liveConsentNotice(shown, now, t, lang, locale)}</span>
          <button
            type="button"
            className="live-notice__close"
            aria-label={t('consents.live.dismiss')}
            onClick={() => {
              setHiddenEventId(shown.eventId);
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        </p>
      ) : null}
    </div>
  );
}
