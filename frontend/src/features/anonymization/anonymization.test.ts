import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import {
  categoryLabel,
  confirmNumberMatches,
  fieldLabel,
  hiddenMentionsText,
  isCounted,
  mentionKey,
  mentionSourceOf,
  parseConfirmNumber,
  recordLabel,
  sortCategories,
  summarizeCategories,
} from './anonymization';

const en = makeT('en');
const sv = makeT('sv');

const REMOVES = [
  'name',
  'companyName',
  'identityNumber',
  'email',
  'phone',
  'addresses',
  'note',
  'contactPersons',
  'myPageAccounts',
  'consentEvidence',
  'outgoingMessages',
];
const KEEPS = ['orders', 'invoices', 'tasks', 'consentEvents'];

describe('categories', () => {
  it('has words for every category the server names, in both languages', () => {
    for (const category of [...REMOVES, ...KEEPS]) {
      expect(categoryLabel(category, en), category).not.toBe(category);
      expect(categoryLabel(category, sv), category).not.toBe(category);
    }
    expect(categoryLabel('identityNumber', sv)).toBe('Person- eller organisationsnummer');
    expect(categoryLabel('contactPersons', en)).toBe('Contact persons');
    expect(categoryLabel('orders', sv)).toBe('Ordrar');
  });

  it('shows a category it does not know as the server names it', () => {
    expect(categoryLabel('somethingNew', en)).toBe('somethingNew');
    expect(categoryLabel('toString', en)).toBe('toString');
  });

  it('counts records but not single fields', () => {
    expect(isCounted('name')).toBe(false);
    expect(isCounted('addresses')).toBe(false);
    expect(isCounted('contactPersons')).toBe(true);
    expect(isCounted('orders')).toBe(true);
  });

  it('summarizes a receipt on one line, leaving out empty categories', () => {
    expect(
      summarizeCategories(
        [
          { category: 'name', count: 1 },
          { category: 'email', count: 1 },
          { category: 'contactPersons', count: 2 },
          { category: 'myPageAccounts', count: 0 },
        ],
        en,
      ),
    ).toBe('Name, E-mail, Contact persons (2)');
    expect(summarizeCategories([], en)).toBe('');
  });

  it('puts the server’s alphabetical categories in a meaningful order', () => {
    const fromServer = ['email', 'identityNumber', 'name', 'phone', 'somethingNew', 'aNewOne', 'contactPersons'].map(
      (category) => ({ category, count: 1 }),
    );
    expect(sortCategories(fromServer).map((c) => c.category)).toEqual([
      'name',
      'identityNumber',
      'email',
      'phone',
      'contactPersons',
      'aNewOne',
      'somethingNew',
    ]);
    expect(summarizeCategories(fromServer.slice(0, 4), en)).toBe('Name, Personal identity or organisation number, E-mail, Phone');
  });
});

describe('mentions', () => {
  it('puts the server’s English record labels into the UI language', () => {
    expect(recordLabel('ORDER', 'Order 100023', sv)).toBe('Order 100023');
    expect(recordLabel('ORDER_LINE', 'Order 100023 line 2', sv)).toBe('Order 100023, rad 2');
    expect(recordLabel('INVOICE', 'Invoice 5000012', sv)).toBe('Faktura 5000012');
    expect(recordLabel('INVOICE_LINE', 'Invoice 5000012 line 3', en)).toBe('Invoice 5000012, line 3');
    expect(recordLabel('TASK', 'Task', sv)).toBe('Uppgift');
    expect(recordLabel('TASK', 'Block', sv)).toBe('Block');
    expect(recordLabel('CUSTOMER_NOTE', 'Customer 10042', sv)).toBe('Kund 10042');
    // Receipts name sources as stored (lower case).
    expect(recordLabel('order_line', 'Order 7 line 1', en)).toBe('Order 7, line 1');
    // Anything else is shown as it came.
    expect(recordLabel('ORDER', 'Something', en)).toBe('Something');
    expect(recordLabel('WEBSHOP', 'Cart 12', en)).toBe('Cart 12');
  });

  it('reads sources of the preview and of receipts', () => {
    expect(mentionSourceOf('TASK')).toBe('TASK');
    expect(mentionSourceOf('customer_note')).toBe('CUSTOMER_NOTE');
    expect(mentionSourceOf('nope')).toBeNull();
  });

  it('names fields and counts hidden mentions', () => {
    expect(fieldLabel('body', en)).toBe('Text');
    expect(fieldLabel('description', sv)).toBe('Beskrivning');
    expect(fieldLabel('other', sv)).toBe('other');
    expect(hiddenMentionsText(0, en)).toBeNull();
    expect(hiddenMentionsText(1, en)).toBe('1 more mention in records you cannot see.');
    expect(hiddenMentionsText(3, sv)).toBe('3 omnämnanden till i poster som du inte kan se.');
  });

  it('keys a mention by record and field', () => {
    expect(mentionKey({ source: 'TASK', recordId: 't1', field: 'body' })).toBe('TASK:t1:body');
    expect(mentionKey({ source: 'TASK', recordId: 't1', field: 'title' })).not.toBe(
      mentionKey({ source: 'TASK', recordId: 't1', field: 'body' }),
    );
  });
});

describe('the confirmation number', () => {
  it('must be exactly the customer’s number; spaces are allowed', () => {
    expect(confirmNumberMatches('10234', 10234)).toBe(true);
    expect(confirmNumberMatches(' 10 234 ', 10234)).toBe(true);
    expect(confirmNumberMatches('1023', 10234)).toBe(false);
    expect(confirmNumberMatches('102345', 10234)).toBe(false);
    expect(confirmNumberMatches('010234', 10234)).toBe(false);
    expect(confirmNumberMatches('10234a', 10234)).toBe(false);
    expect(confirmNumberMatches('-10234', 10234)).toBe(false);
    expect(confirmNumberMatches('', 10234)).toBe(false);
  });

  it('is sent as a number, or not at all', () => {
    expect(parseConfirmNumber('10 234')).toBe(10234);
    expect(parseConfirmNumber('abc')).toBeNull();
    expect(parseConfirmNumber('')).toBeNull();
    expect(parseConfirmNumber('99999999999999999')).toBeNull();
  });
});
