import { describe, expect, it } from 'vitest';
import type { MessageStatus } from '../../gql/graphql';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { makeT } from '../../i18n/translate';
import {
  appendPage,
  linkify,
  mayHaveMore,
  MESSAGE_STATUS_COPY,
  messageKindLabel,
  messageStatusWord,
  nextBefore,
  OUTBOX_PAGE_SIZE,
} from './outbox';

const t = makeT('en');
const tsv = makeT('sv');

describe('statuses', () => {
  it('are said in words, in both languages', () => {
    expect(messageStatusWord('STORED', t)).toBe('Stored');
    expect(messageStatusWord('PENDING', t)).toBe('Waiting to be sent');
    expect(messageStatusWord('SENT', t)).toBe('Sent');
    expect(messageStatusWord('FAILED', t)).toBe('Failed');
    expect(messageStatusWord('STORED', tsv)).toBe('Sparat');
    for (const status of Object.keys(MESSAGE_STATUS_COPY) as MessageStatus[]) {
      const key = MESSAGE_STATUS_COPY[status].label;
      expect(sv[key]).not.toBe(en[key]);
    }
  });

  it('mark a stored or failed message for attention', () => {
    expect(MESSAGE_STATUS_COPY.STORED.tone).toBe('warning');
    expect(MESSAGE_STATUS_COPY.FAILED.tone).toBe('danger');
    expect(MESSAGE_STATUS_COPY.SENT.tone).toBe('neutral');
  });
});

describe('kinds', () => {
  it('are said in words; unknown kinds are shown as they are', () => {
    expect(messageKindLabel('portal_invite', t)).toBe('Invitation to My page');
    expect(messageKindLabel('portal_login', tsv)).toBe('Inloggningslänk till Mina sidor');
    expect(messageKindLabel('report_ready', t)).toBe('report_ready');
    expect(messageKindLabel('toString', t)).toBe('toString');
  });
});

describe('load more', () => {
  const row = (id: string, createdAt: string) => ({ id, createdAt });

  it('continues before the last (oldest) message shown', () => {
    expect(nextBefore([row('3', '2026-11-29T12:00:00Z'), row('2', '2026-11-29T11:00:00Z')])).toBe('2026-11-29T11:00:00Z');
    expect(nextBefore([])).toBeNull();
  });

  it('expects more after a full page only', () => {
    expect(OUTBOX_PAGE_SIZE).toBe(50);
    expect(mayHaveMore(50)).toBe(true);
    expect(mayHaveMore(49)).toBe(false);
    expect(mayHaveMore(0)).toBe(false);
    expect(mayHaveMore(3, 3)).toBe(true);
  });

  it('appends a page without showing a message twice', () => {
    const first = [row('3', 'c'), row('2', 'b')];
    expect(appendPage(first, [row('2', 'b'), row('1', 'a')]).map((r) => r.id)).toEqual(['3', '2', '1']);
    expect(appendPage([], first)).toEqual(first);
  });
});

describe('linkify', () => {
  it('finds the links and keeps every character', () => {
    const body = 'Hej Anna!\n\nVälj ett lösenord här:\n\nhttps://tillit.example/my/invitation#token=abc_D-1\n\nHello.';
    const segments = linkify(body);
    expect(segments.filter((s) => s.kind === 'link')).toEqual([
      { kind: 'link', href: 'https://tillit.example/my/invitation#token=abc_D-1' },
    ]);
    expect(segments.map((s) => (s.kind === 'link' ? s.href : s.text)).join('')).toBe(body);
  });

  it('leaves sentence punctuation after a link out of it', () => {
    const segments = linkify('Open http://localhost:8080/my/link#token=x1. Or (https://a.example/b).');
    expect(segments.flatMap((s) => (s.kind === 'link' ? [s.href] : []))).toEqual([
      'http://localhost:8080/my/link#token=x1',
      'https://a.example/b',
    ]);
    expect(segments.map((s) => (s.kind === 'link' ? s.href : s.text)).join('')).toBe(
      'Open http://localhost:8080/my/link#token=x1. Or (https://a.example/b).',
    );
  });

  it('gives plain text back as one segment, and nothing for nothing', () => {
    expect(linkify('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
    expect(linkify('')).toEqual([]);
    expect(linkify('ftp://not.web/x')).toEqual([{ kind: 'text', text: 'ftp://not.web/x' }]);
  });
});
