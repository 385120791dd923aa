import { describe, expect, it } from 'vitest';
import type { ConsentChannel, ConsentSource, ConsentStatus, LegalBasis } from '../../gql/graphql';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { makeT } from '../../i18n/translate';
import {
  CHANNEL_LABELS,
  CONSENT_STATUSES,
  consentDescription,
  consentFor,
  DECISIONS,
  eventActorLabel,
  LEGAL_BASIS_LABELS,
  newestFirst,
  purposeName,
  purposesOf,
  SOURCE_LABELS,
  STAFF_SOURCES,
  STATUS_COPY,
} from './labels';

// The contract's enums, in their order. The `Record<…>` types already refuse a missing or unknown
// value; these keep the lists and the words honest.
const STATUSES: readonly ConsentStatus[] = ['GRANTED', 'WITHDRAWN', 'DENIED', 'NOT_ASKED', 'OUTDATED', 'EXPIRED'];
const SOURCES: readonly ConsentSource[] = ['CUSTOMER_CARD', 'PAPER_FORM', 'PHONE', 'MY_PAGE', 'WEBSHOP', 'IMPORT'];
const CHANNELS: readonly ConsentChannel[] = ['EMAIL', 'SMS', 'PHONE', 'POST', 'OTHER'];
const BASES: readonly LegalBasis[] = ['CONSENT', 'LEGITIMATE_INTEREST'];

const en_ = makeT('en');
const sv_ = makeT('sv');

describe('consent status copy', () => {
  it('covers every ConsentStatus of the contract once', () => {
    expect(CONSENT_STATUSES).toEqual(STATUSES);
  });

  it('gives every status its own symbol and its own short label in both languages', () => {
    const symbols = STATUSES.map((s) => STATUS_COPY[s].symbol);
    expect(new Set(symbols).size).toBe(STATUSES.length);
    for (const symbol of symbols) expect(symbol.trim()).not.toBe('');
    for (const dict of [sv, en]) {
      const labels = STATUSES.map((s) => dict[STATUS_COPY[s].label]);
      expect(new Set(labels).size).toBe(STATUSES.length);
      for (const s of STATUSES) {
        expect(dict[STATUS_COPY[s].label].trim()).not.toBe('');
        expect(dict[STATUS_COPY[s].hint]).not.toBe(dict[STATUS_COPY[s].label]);
      }
    }
  });

  it('tells "may contact" from "may not" by more than colour: granted stands apart from the rest', () => {
    expect(STATUS_COPY.GRANTED.tone).toBe('neutral');
    for (const s of STATUSES.filter((x) => x !== 'GRANTED')) expect(STATUS_COPY[s].tone).not.toBe('neutral');
    expect(en_(STATUS_COPY.OUTDATED.label)).toBe('Outdated');
    expect(sv_(STATUS_COPY.WITHDRAWN.label)).toBe('Återkallat');
  });

  it('offers the three decisions staff record, withdrawing next to granting', () => {
    expect(DECISIONS).toEqual(['GRANTED', 'WITHDRAWN', 'DENIED']);
  });
});

describe('enum labels', () => {
  it('name every source, channel and legal basis of the contract', () => {
    expect(Object.keys(SOURCE_LABELS)).toEqual(SOURCES);
    expect(Object.keys(CHANNEL_LABELS)).toEqual(CHANNELS);
    expect(Object.keys(LEGAL_BASIS_LABELS)).toEqual(BASES);
  });

  it('lets staff choose every source except My page and the webshop', () => {
    expect(STAFF_SOURCES).toEqual(['CUSTOMER_CARD', 'PAPER_FORM', 'PHONE', 'IMPORT']);
  });
});

describe('consentDescription', () => {
  const at = '2026-11-29T10:00:00Z';
  const base = { declarationVersion: 2, validUntil: null, changedAt: at, source: null };

  it('says what was granted, under which declaration and when', () => {
    expect(consentDescription({ ...base, status: 'GRANTED' }, 'Marketing e-mail', en_, 'en-GB')).toBe(
      'Marketing e-mail: granted under declaration v2 on 29 Nov 2026',
    );
    expect(
      consentDescription(
        { ...base, status: 'GRANTED', validUntil: '2027-12-31T22:59:59Z', source: 'PAPER_FORM' },
        'Marketing e-mail',
        en_,
        'en-GB',
      ),
    ).toBe('Marketing e-mail: granted under declaration v2 on 29 Nov 2026, valid until 31 Dec 2027, source: Paper form');
  });

  it('has a sentence for every status, in both languages', () => {
    for (const t of [en_, sv_]) {
      for (const status of STATUSES) {
        const text = consentDescription(
          { ...base, status, validUntil: status === 'EXPIRED' ? '2026-12-01T00:00:00Z' : null },
          'SMS',
          t,
          'sv-SE',
        );
        expect(text.startsWith('SMS: ')).toBe(true);
        expect(text).not.toMatch(/[{}]/);
      }
    }
    expect(consentDescription({ ...base, status: 'NOT_ASKED', changedAt: null, declarationVersion: null }, 'Post', sv_, 'sv-SE')).toBe(
      'Post: inte tillfrågad än',
    );
    expect(consentDescription({ ...base, status: 'WITHDRAWN' }, 'Post', en_, 'en-GB')).toBe('Post: withdrawn on 29 Nov 2026');
    expect(consentDescription({ ...base, status: 'OUTDATED' }, 'Post', en_, 'en-GB')).toMatch(/^Post: granted under declaration v2 on 29 Nov 2026, an earlier/);
  });

  it('falls back to the status when the server leaves out the date', () => {
    expect(consentDescription({ ...base, status: 'DENIED', changedAt: null }, 'Post', en_, 'en-GB')).toBe('Post: denied');
  });
});

describe('small helpers', () => {
  const purpose = (id: string) => ({ id, key: id, nameSv: `${id}-sv`, nameEn: `${id}-en` });

  it('names a purpose in the UI language', () => {
    expect(purposeName(purpose('sms'), 'sv')).toBe('sms-sv');
    expect(purposeName(purpose('sms'), 'en')).toBe('sms-en');
  });

  it('collects the purposes of the columns once each, in the order the server sent them', () => {
    const contacts = [
      { consents: [{ purpose: purpose('mail') }, { purpose: purpose('sms') }] },
      { consents: [{ purpose: purpose('mail') }, { purpose: purpose('sms') }, { purpose: purpose('post') }] },
    ];
    expect(purposesOf(contacts).map((p) => p.id)).toEqual(['mail', 'sms', 'post']);
    expect(purposesOf([])).toEqual([]);
    expect(consentFor(contacts[1] ?? { consents: [] }, 'post')?.purpose.id).toBe('post');
    expect(consentFor(contacts[0] ?? { consents: [] }, 'post')).toBeUndefined();
  });

  it('says who recorded an event', () => {
    expect(eventActorLabel({ actorKind: 'user', actorName: 'Anna' }, en_)).toBe('Anna');
    expect(eventActorLabel({ actorKind: 'api_key', actorName: null }, en_)).toBe('API key');
    expect(eventActorLabel({ actorKind: 'data_subject' }, sv_)).toBe('Kontaktpersonen själv');
    expect(eventActorLabel({ actorKind: 'robot' }, en_)).toBe('robot');
  });

  it('sorts events newest first', () => {
    const events = [{ occurredAt: '2026-01-01T00:00:00Z' }, { occurredAt: '2026-03-01T00:00:00Z' }, { occurredAt: '2026-02-01T00:00:00Z' }];
    expect(newestFirst(events).map((e) => e.occurredAt.slice(0, 7))).toEqual(['2026-03', '2026-02', '2026-01']);
  });
});
