import { describe, expect, it } from 'vitest';
import type { ConsentChangedFieldsFragment } from '../../gql/graphql';
import { makeT } from '../../i18n/translate';
import { liveConsentNotice } from './useLiveConsents';

const en = makeT('en');
const sv = makeT('sv');

const NOW = Date.parse('2026-03-12T10:00:00Z');

function change(overrides: Partial<ConsentChangedFieldsFragment> = {}): ConsentChangedFieldsFragment {
  return {
    eventId: 'e1',
    customerId: 'c1',
    contactId: 'p1',
    purpose: { id: 'sms', key: 'sms', nameSv: 'Sms', nameEn: 'Text messages' },
    decision: 'WITHDRAWN',
    source: 'MY_PAGE',
    declarationVersion: 2,
    occurredAt: '2026-03-12T09:59:50Z',
    ...overrides,
  };
}

describe('liveConsentNotice', () => {
  it('says what changed, where from and when, in English', () => {
    expect(liveConsentNotice(change(), NOW, en, 'en', 'en-GB')).toBe(
      'Consent updated: Text messages – withdrawn (My page), just now',
    );
    expect(liveConsentNotice(change({ decision: 'GRANTED', source: 'PAPER_FORM' }), NOW, en, 'en', 'en-GB')).toBe(
      'Consent updated: Text messages – granted (Paper form), just now',
    );
  });

  it('speaks Swedish with the Swedish purpose name', () => {
    expect(liveConsentNotice(change({ decision: 'DENIED', source: 'WEBSHOP' }), NOW, sv, 'sv', 'sv-SE')).toBe(
      'Samtycke uppdaterat: Sms – nekat (Webbshop), nyss',
    );
  });

  it('turns "just now" into a relative time as the change gets older', () => {
    const old = change({ occurredAt: '2026-03-12T09:55:00Z' });
    expect(liveConsentNotice(old, NOW, en, 'en', 'en-GB')).toBe(
      'Consent updated: Text messages – withdrawn (My page), 5 minutes ago',
    );
    expect(liveConsentNotice(old, NOW, sv, 'sv', 'sv-SE')).toBe(
      'Samtycke uppdaterat: Sms – återkallat (Mina sidor), för 5 minuter sedan',
    );
  });

  it('says "just now" when the server clock is ahead of ours', () => {
    const ahead = change({ occurredAt: '2026-03-12T10:02:00Z' });
    expect(liveConsentNotice(ahead, NOW, en, 'en', 'en-GB')).toMatch(/, just now$/);
  });
});
