import { describe, expect, it } from 'vitest';
import type { ContactFieldsFragment } from '../../gql/graphql';
import { contactToForm, emptyContactForm, RECIPIENT_ROLES, sortRoles, toContactInput, toggleRole } from './contactForm';

describe('contact form mapping', () => {
  it('sends null for empty optional fields and an empty role list', () => {
    expect(toContactInput({ ...emptyContactForm(), name: '  Anna Berg ' })).toEqual({
      name: 'Anna Berg',
      title: null,
      email: null,
      phone: null,
      recipientOf: [],
      externalId: null,
    });
  });

  it('keeps roles distinct and in a stable order', () => {
    let roles = toggleRole([], 'MARKETING', true);
    roles = toggleRole(roles, 'INVOICES', true);
    roles = toggleRole(roles, 'INVOICES', true);
    expect(roles).toEqual(['INVOICES', 'MARKETING']);
    expect(toggleRole(roles, 'INVOICES', false)).toEqual(['MARKETING']);
    expect(sortRoles(['SERVICE_NOTICES', 'REMINDERS'])).toEqual(['REMINDERS', 'SERVICE_NOTICES']);
    expect(RECIPIENT_ROLES).toHaveLength(5);
  });

  it('round-trips a stored contact', () => {
    const contact: ContactFieldsFragment = {
      id: 'k1',
      customerId: 'c1',
      name: 'Björn Ek',
      title: 'CFO',
      email: 'bjorn@example.se',
      phone: null,
      recipientOf: ['REMINDERS', 'INVOICES'],
      externalId: 'shop-42',
      archived: false,
      consents: [],
      version: 1,
      createdAt: '2025-01-01T10:00:00Z',
      updatedAt: '2025-01-01T10:00:00Z',
    };
    expect(toContactInput(contactToForm(contact))).toEqual({
      name: 'Björn Ek',
      title: 'CFO',
      email: 'bjorn@example.se',
      phone: null,
      recipientOf: ['INVOICES', 'REMINDERS'],
      externalId: 'shop-42',
    });
  });
});
