import { describe, expect, it } from 'vitest';
import type { ConsentChangeInput, ConsentStatus } from '../../gql/graphql';
import { makeT } from '../../i18n/translate';
import {
  buildChanges,
  cellKey,
  changeIndex,
  chooseDecision,
  consentFormProblems,
  EMPTY_CONSENT_FORM,
  EVIDENCE_MAX,
  evidenceProblem,
  localToday,
  recordFailure,
  settledDecision,
  shownDecision,
  textLength,
  toRecordInput,
  toValidUntil,
  validUntilProblem,
} from './consentForm';

const t = makeT('en');

const contact = (id: string, statuses: Record<string, ConsentStatus>) => ({
  id,
  consents: Object.entries(statuses).map(([purposeId, status]) => ({ purpose: { id: purposeId }, status })),
});

describe('choosing decisions', () => {
  it('takes one click to grant and one click to withdraw', () => {
    const granted = chooseDecision({}, 'a|mail', 'GRANTED', 'NOT_ASKED');
    expect(granted).toEqual({ 'a|mail': 'GRANTED' });
    const withdrawn = chooseDecision({}, 'a|sms', 'WITHDRAWN', 'GRANTED');
    expect(withdrawn).toEqual({ 'a|sms': 'WITHDRAWN' });
  });

  it('switches a cell to another decision, and clears it on a second click', () => {
    let s = chooseDecision({}, 'a|mail', 'GRANTED', 'NOT_ASKED');
    s = chooseDecision(s, 'a|mail', 'DENIED', 'NOT_ASKED');
    expect(s).toEqual({ 'a|mail': 'DENIED' });
    expect(chooseDecision(s, 'a|mail', 'DENIED', 'NOT_ASKED')).toEqual({});
  });

  it('leaves a cell unchanged when the stored decision is chosen again', () => {
    const s = chooseDecision({ 'a|mail': 'WITHDRAWN' }, 'a|mail', 'GRANTED', 'GRANTED');
    expect(s).toEqual({});
    expect(chooseDecision({}, 'a|mail', 'DENIED', 'DENIED')).toEqual({});
  });

  it('lets outdated and expired consents be granted again', () => {
    expect(chooseDecision({}, 'a|mail', 'GRANTED', 'OUTDATED')).toEqual({ 'a|mail': 'GRANTED' });
    expect(chooseDecision({}, 'a|mail', 'GRANTED', 'EXPIRED')).toEqual({ 'a|mail': 'GRANTED' });
    expect(settledDecision('OUTDATED')).toBeNull();
    expect(settledDecision('NOT_ASKED')).toBeNull();
  });

  it('shows the pending decision, else what is stored', () => {
    expect(shownDecision({}, 'a|mail', 'WITHDRAWN')).toBe('WITHDRAWN');
    expect(shownDecision({}, 'a|mail', 'EXPIRED')).toBeNull();
    expect(shownDecision({ 'a|mail': 'GRANTED' }, 'a|mail', 'WITHDRAWN')).toBe('GRANTED');
  });
});

describe('buildChanges', () => {
  const contacts = [
    contact('anna', { mail: 'GRANTED', sms: 'NOT_ASKED' }),
    contact('bo', { mail: 'OUTDATED', sms: 'DENIED' }),
  ];

  it('lists only changed cells, contacts top to bottom and purposes left to right', () => {
    const selection = {
      [cellKey('bo', 'sms')]: 'GRANTED' as const,
      [cellKey('anna', 'sms')]: 'DENIED' as const,
      [cellKey('bo', 'mail')]: 'GRANTED' as const,
      [cellKey('anna', 'mail')]: 'WITHDRAWN' as const,
    };
    expect(buildChanges(contacts, ['mail', 'sms'], selection)).toEqual([
      { contactId: 'anna', purposeId: 'mail', decision: 'WITHDRAWN' },
      { contactId: 'anna', purposeId: 'sms', decision: 'DENIED' },
      { contactId: 'bo', purposeId: 'mail', decision: 'GRANTED' },
      { contactId: 'bo', purposeId: 'sms', decision: 'GRANTED' },
    ]);
  });

  it('is empty when nothing was chosen', () => {
    expect(buildChanges(contacts, ['mail', 'sms'], {})).toEqual([]);
  });

  it('drops choices equal to what is stored, and cells no longer in the grid', () => {
    const selection = {
      [cellKey('anna', 'mail')]: 'GRANTED' as const,
      [cellKey('gone', 'mail')]: 'GRANTED' as const,
      [cellKey('anna', 'inactive')]: 'GRANTED' as const,
    };
    expect(buildChanges(contacts, ['mail', 'sms'], selection)).toEqual([]);
  });

  it('treats a purpose the server did not list for a contact as not asked', () => {
    const selection = { [cellKey('anna', 'post')]: 'DENIED' as const };
    expect(buildChanges(contacts, ['post'], selection)).toEqual([{ contactId: 'anna', purposeId: 'post', decision: 'DENIED' }]);
  });
});

describe('the evidence', () => {
  it('is required', () => {
    expect(evidenceProblem('', t)).toBe('Describe the evidence: what the customer signed or said.');
    expect(evidenceProblem('   \n ', t)).not.toBeNull();
    expect(evidenceProblem('Signed form 2026-03-12', t)).toBeNull();
  });

  it('is at most 2000 characters, counted as the server counts them', () => {
    expect(EVIDENCE_MAX).toBe(2000);
    expect(evidenceProblem('x'.repeat(2000), t)).toBeNull();
    expect(evidenceProblem(`  ${'x'.repeat(2000)}  `, t)).toBeNull();
    expect(evidenceProblem('x'.repeat(2001), t)).toBe('The evidence can be at most 2000 characters (now 2001).');
    // An emoji is one character, not two UTF-16 units.
    expect(textLength('🙂'.repeat(2000))).toBe(2000);
    expect(evidenceProblem('🙂'.repeat(2000), t)).toBeNull();
    expect(textLength('Åsa')).toBe(3);
  });
});

describe('the form', () => {
  const today = '2026-05-10';

  it('needs a source and evidence; the valid-until date is optional but not in the past', () => {
    expect(consentFormProblems(EMPTY_CONSENT_FORM, today, t)).toEqual({
      source: 'Choose where the decision came from.',
      evidence: 'Describe the evidence: what the customer signed or said.',
    });
    const ok = { source: 'PHONE' as const, evidence: 'Called 10 May', validUntil: '' };
    expect(consentFormProblems(ok, today, t)).toEqual({});
    expect(consentFormProblems({ ...ok, validUntil: today }, today, t)).toEqual({});
    expect(validUntilProblem('2026-05-09', today, t)).toMatch(/passed/);
    expect(validUntilProblem('2026-02-30', today, t)).toBe('Enter a date.');
  });

  it('sends the trimmed evidence and the end of the chosen day', () => {
    const changes: ConsentChangeInput[] = [{ contactId: 'anna', purposeId: 'mail', decision: 'WITHDRAWN' }];
    const input = toRecordInput({ source: 'PAPER_FORM', evidence: '  Form 12 \n', validUntil: '2027-12-31' }, changes);
    expect(input).toEqual({ changes, source: 'PAPER_FORM', evidence: 'Form 12', validUntil: toValidUntil('2027-12-31') });
    const end = new Date(toValidUntil('2027-12-31') ?? '');
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([2027, 11, 31, 23, 59]);
    expect(toValidUntil('')).toBeNull();
    expect(toRecordInput({ source: 'PHONE', evidence: 'x', validUntil: '' }, [])).toBeNull();
    expect(toRecordInput({ source: '', evidence: 'x', validUntil: '' }, changes)).toBeNull();
  });

  it('names the printed form\'s declaration version only for paper forms', () => {
    const changes: ConsentChangeInput[] = [{ contactId: 'anna', purposeId: 'mail', decision: 'GRANTED' }];
    expect(toRecordInput({ source: 'PAPER_FORM', evidence: 'x', validUntil: '', formVersion: '2' }, changes)).toMatchObject({
      declarationVersion: 2,
    });
    expect(toRecordInput({ source: 'PAPER_FORM', evidence: 'x', validUntil: '', formVersion: '' }, changes)).not.toHaveProperty(
      'declarationVersion',
    );
    expect(toRecordInput({ source: 'PHONE', evidence: 'x', validUntil: '', formVersion: '2' }, changes)).not.toHaveProperty(
      'declarationVersion',
    );
  });

  it('knows today as a local date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('recordFailure', () => {
  const sent: ConsentChangeInput[] = [
    { contactId: 'anna', purposeId: 'mail', decision: 'GRANTED' },
    { contactId: 'anna', purposeId: 'sms', decision: 'WITHDRAWN' },
    { contactId: 'bo', purposeId: 'mail', decision: 'DENIED' },
  ];
  const bad = (field: string, message = 'unknown purpose') => ({ message, extensions: { code: 'BAD_USER_INPUT', field } });

  it('reads the index of a change from its field', () => {
    expect(changeIndex('changes[2].purposeId')).toBe(2);
    expect(changeIndex('input.changes[0].contactId')).toBe(0);
    expect(changeIndex('changes[11]')).toBe(11);
    expect(changeIndex('changes')).toBeNull();
    expect(changeIndex('evidence')).toBeNull();
  });

  it('puts changes[i].… at the cell of the i-th change sent', () => {
    const failure = recordFailure({ graphQLErrors: [bad('input.changes[2].purposeId', 'The purpose is not active.')] }, sent, t);
    expect(failure.cells).toEqual({ [cellKey('bo', 'mail')]: 'The purpose is not active.' });
    expect(failure.fields).toEqual({});
    expect(failure.banner).toBe('Nothing was saved. Correct what is marked and try again.');
  });

  it('puts evidence, source and valid-until errors at their fields', () => {
    const failure = recordFailure(
      { graphQLErrors: [bad('input.evidence', 'is too long'), bad('changes[0].contactId', 'unknown contact')] },
      sent,
      t,
    );
    expect(failure.fields).toEqual({ evidence: 'is too long' });
    expect(failure.cells).toEqual({ [cellKey('anna', 'mail')]: 'unknown contact' });
  });

  it('keeps what it cannot place in the banner', () => {
    const failure = recordFailure({ graphQLErrors: [bad('changes', 'Choose at least one change.'), bad('changes[9].purposeId', 'x')] }, sent, t);
    expect(failure.cells).toEqual({});
    expect(failure.banner).toBe('Choose at least one change. x');
  });

  it('explains FORBIDDEN and NOT_FOUND clearly, and the rest by their code', () => {
    const code = (c: string) => ({ graphQLErrors: [{ message: 'no', extensions: { code: c } }] });
    expect(recordFailure(code('FORBIDDEN'), sent, t).banner).toMatch(/Edit consents right/);
    expect(recordFailure(code('NOT_FOUND'), sent, t).banner).toMatch(/no longer exists/);
    expect(recordFailure(code('INTERNAL'), sent, t).banner).toBe(t('error.INTERNAL'));
    expect(recordFailure({ graphQLErrors: [], networkError: new Error('offline') }, sent, t).banner).toBe(t('error.NETWORK'));
    expect(recordFailure(null, sent, t)).toEqual({ fields: {}, cells: {}, banner: null });
  });
});
