//! The contact persons of a customer as a table built from column definitions.
//!
//! Columns are data, not markup: the "Communication consent" columns (one per consent
//! purpose, `consents/consentColumns`) are appended to `columns` by the caller, without
//! touching this component.
import type { ReactNode } from 'react';
import { Badge } from '../../components/Badge';
import type { ContactFieldsFragment } from '../../gql/graphql';
import { useT, type TFunction } from '../../i18n';
import { formatPhone, telHref } from '../../lib/format';
import { RECIPIENT_ROLE_LABELS, sortRoles } from './contactForm';

export interface ContactColumn {
  readonly id: string;
  readonly header: ReactNode;
  /** Columns with the same group get one spanning header, e.g. "Communication consent". */
  readonly group?: string;
  readonly className?: string;
  readonly render: (contact: ContactFieldsFragment) => ReactNode;
}

/** The standard columns: who the contact is and what they receive. */
export function baseContactColumns(t: TFunction): ContactColumn[] {
  return [
    {
      id: 'name',
      header: t('contacts.col.name'),
      render: (c) => (
        <>
          <span className="strong">{c.name}</span>
          {c.archived ? (
            <>
              {' '}
              <Badge tone="warning">{t('contacts.archived')}</Badge>
            </>
          ) : null}
        </>
      ),
    },
    { id: 'title', header: t('contacts.col.title'), render: (c) => c.title ?? '' },
    {
      id: 'email',
      header: t('contacts.col.email'),
      className: 'truncate',
      render: (c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : ''),
    },
    {
      id: 'phone',
      header: t('contacts.col.phone'),
      className: 'nowrap',
      render: (c) => (c.phone ? <a href={telHref(c.phone)}>{formatPhone(c.phone)}</a> : ''),
    },
    {
      id: 'recipientOf',
      header: t('contacts.col.recipientOf'),
      render: (c) =>
        c.recipientOf.length > 0 ? (
          <ul className="tag-list">
            {sortRoles(c.recipientOf).map((role) => (
              <li key={role} className="tag">
                {t(RECIPIENT_ROLE_LABELS[role])}
              </li>
            ))}
          </ul>
        ) : (
          ''
        ),
    },
    {
      id: 'externalId',
      header: t('contacts.col.externalId'),
      render: (c) => (c.externalId ? <span className="mono">{c.externalId}</span> : ''),
    },
  ];
}

interface Props {
  readonly contacts: readonly ContactFieldsFragment[];
  readonly columns: readonly ContactColumn[];
  /** Per-row actions (edit and archive, or restore); rendered in the last column. */
  readonly actions?: (contact: ContactFieldsFragment) => ReactNode;
}

/** Consecutive columns that share a `group`, for a spanning header row above them. */
export function groupRuns(columns: readonly ContactColumn[]): { key: string; label: string | undefined; span: number }[] {
  const runs: { key: string; label: string | undefined; span: number }[] = [];
  for (const col of columns) {
    const last = runs.at(-1);
    if (last && last.label === col.group) last.span += 1;
    else runs.push({ key: col.id, label: col.group, span: 1 });
  }
  return runs;
}

export function ContactsTable({ contacts, columns, actions }: Props) {
  const t = useT();
  const hasGroups = columns.some((c) => c.group !== undefined);
  return (
    <div className="table-scroll">
      <table className="table" data-testid="contacts-table">
        <caption className="sr-only">{t('contacts.title')}</caption>
        <thead>
          {hasGroups ? (
            <tr>
              {groupRuns(columns).map((run) => (
                <th
                  key={run.key}
                  scope={run.label ? 'colgroup' : undefined}
                  colSpan={run.span}
                  className={run.label ? 'table__group' : 'table__group table__group--empty'}
                >
                  {run.label}
                </th>
              ))}
              {actions ? <td className="table__group table__group--empty" /> : null}
            </tr>
          ) : null}
          <tr>
            {columns.map((col) => (
              <th key={col.id} scope="col" className={col.className}>
                {col.header}
              </th>
            ))}
            {actions ? (
              <th scope="col" className="actions">
                <span className="sr-only">{t('contacts.col.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {contacts.map((contact) => (
            <tr key={contact.id} className={contact.archived ? 'is-archived' : undefined}>
              {columns.map((col) => (
                <td key={col.id} className={col.className}>
                  {col.render(contact)}
                </td>
              ))}
              {actions ? <td className="actions">{actions(contact)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
