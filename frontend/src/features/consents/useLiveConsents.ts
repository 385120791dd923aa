//! Live consent changes of one customer, while a view of it is open: `subscription {
//! consentChanged(customerId) }` over the WebSocket (see app/client.ts). Every change, and every
//! subscription error (e.g. `CHANGES_MISSED` after falling behind, or a lost connection), calls
//! `onChange`, whose job is to reload what the view shows; the latest change is returned for a
//! notice ("Consent updated: Text messages – withdrawn (My page), just now").
import { useEffect, useEffectEvent } from 'react';
import { useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { ConsentChangedFieldsFragment } from '../../gql/graphql';
import type { Lang, TFunction } from '../../i18n';
import { formatRelativeTime, relativeUnit } from '../../lib/relativeTime';
import { purposeName, SOURCE_LABELS, STATUS_COPY } from './labels';

const CustomerConsentChangedSubscription = graphql(`
  subscription CustomerConsentChanged($customerId: ID!) {
    consentChanged(customerId: $customerId) {
      ...ConsentChangedFields
    }
  }
`);

/**
 * Follows the consent changes of `customerId` (nothing while it is null) and calls `onChange`
 * after each change or subscription error. Returns the latest change, null before the first.
 */
export function useLiveConsents(customerId: string | null, onChange: () => void): ConsentChangedFieldsFragment | null {
  const [{ data, error }] = useSubscription({
    query: CustomerConsentChangedSubscription,
    variables: { customerId: customerId ?? '' },
    pause: customerId === null,
  });
  const changed = useEffectEvent(onChange);
  // Each result is a new object (a new `data` for a change, a new `error` for an error), so this
  // runs once per result; a (re)subscription keeps both as they were and does not run it.
  useEffect(() => {
    if (data || error) changed();
  }, [data, error]);
  // A new subscription keeps the last result until its first own one: never show another
  // customer's change.
  const change = data?.consentChanged;
  return change && change.customerId === customerId ? change : null;
}

/**
 * The notice about a change, e.g. "Consent updated: Text messages – withdrawn (My page), just
 * now"; the time is relative to `now` (Unix ms).
 */
export function liveConsentNotice(
  change: Pick<ConsentChangedFieldsFragment, 'purpose' | 'decision' | 'source' | 'occurredAt'>,
  now: number,
  t: TFunction,
  lang: Lang,
  locale: string,
): string {
  const age = now - Date.parse(change.occurredAt);
  // "Just now" until it would read "1 minute ago", and when the server's clock is ahead of ours.
  const recent = age < 0 || relativeUnit(-age).value === 0;
  const when = recent ? t('consents.live.justNow') : formatRelativeTime(change.occurredAt, now, locale);
  return t('consents.live.notice', {
    purpose: purposeName(change.purpose, lang),
    // A decision reads like the status it leads to ("Withdrawn").
    decision: t(STATUS_COPY[change.decision].label).toLowerCase(),
    source: t(SOURCE_LABELS[change.source]),
    when,
  });
}
