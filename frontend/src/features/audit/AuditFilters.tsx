//! The access log's filter form. It edits a draft; "Apply" puts it in the URL (which drives the
//! query), "Clear" empties it. The user is picked from a list when the viewer may list users,
//! otherwise typed as an id.
import { useState, type SubmitEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import type { AuditOutcome } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { byName } from '../groups/groups';
import { EMPTY_AUDIT_FILTER, filterProblems, OUTCOME_LABELS, OUTCOMES, type AuditFilterErrors, type AuditFilterValues } from './auditFilter';

export interface UserOption {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

interface Props {
  readonly initial: AuditFilterValues;
  /** Staff users to choose from; null when the viewer cannot list them (a text field instead). */
  readonly users: readonly UserOption[] | null;
  /** Field errors from the server (`BAD_USER_INPUT` on a filter field), by field name. */
  readonly serverErrors: Readonly<Record<string, string>>;
  readonly onApply: (values: AuditFilterValues) => void;
}

export function AuditFilters({ initial, users, serverErrors, onApply }: Props) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState<AuditFilterValues>(initial);
  const [problems, setProblems] = useState<AuditFilterErrors>({});

  const set = <K extends keyof AuditFilterValues>(key: K, value: AuditFilterValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const found = filterProblems(values, t);
    setProblems(found);
    if (Object.keys(found).length === 0) onApply(values);
  };

  const userOptions = users
    ? [
        { value: '', label: t('audit.filter.anyone') },
        ...byName(users, locale).map((u) => ({ value: u.id, label: t('audit.filter.userOption', { name: u.name, email: u.email }) })),
        // A user from the URL who is not in the list (removed since): still shown as chosen.
        ...(values.userId && !users.some((u) => u.id === values.userId) ? [{ value: values.userId, label: values.userId }] : []),
      ]
    : null;

  const outcomeOptions: { value: AuditOutcome | ''; label: string }[] = [
    { value: '', label: t('audit.filter.anyOutcome') },
    ...OUTCOMES.map((o) => ({ value: o, label: t(OUTCOME_LABELS[o]) })),
  ];

  return (
    <form className="card filters" role="search" aria-label={t('audit.filter.label')} onSubmit={onSubmit} noValidate>
      <div className="filters__grid">
        {userOptions ? (
          <SelectField
            name="userId"
            label={t('audit.filter.user')}
            value={values.userId}
            options={userOptions}
            onValue={(v) => {
              set('userId', v);
            }}
            error={serverErrors['userId']}
          />
        ) : (
          <TextField
            name="userId"
            label={t('audit.filter.userId')}
            autoComplete="off"
            spellCheck={false}
            value={values.userId}
            onValue={(v) => {
              set('userId', v);
            }}
            error={serverErrors['userId']}
          />
        )}
        <TextField
          name="customerId"
          label={t('audit.filter.customerId')}
          autoComplete="off"
          spellCheck={false}
          value={values.customerId}
          onValue={(v) => {
            set('customerId', v);
          }}
          error={serverErrors['customerId']}
        />
        <TextField
          name="action"
          label={t('audit.filter.action')}
          hint={t('audit.filter.actionHint')}
          autoComplete="off"
          spellCheck={false}
          value={values.action}
          onValue={(v) => {
            set('action', v);
          }}
          error={serverErrors['action']}
        />
        <SelectField
          name="outcome"
          label={t('audit.filter.outcome')}
          value={values.outcome}
          options={outcomeOptions}
          onValue={(v) => {
            set('outcome', v);
          }}
          error={serverErrors['outcome']}
        />
        <TextField
          name="from"
          type="date"
          label={t('audit.filter.from')}
          value={values.from}
          onValue={(v) => {
            set('from', v);
          }}
          error={serverErrors['from']}
        />
        <TextField
          name="to"
          type="date"
          label={t('audit.filter.to')}
          hint={t('audit.filter.toHint')}
          value={values.to}
          onValue={(v) => {
            set('to', v);
          }}
          error={problems.to ?? serverErrors['to']}
        />
      </div>
      <div className="filters__actions">
        <button type="submit" className="button button--primary">
          {t('audit.filter.apply')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setValues(EMPTY_AUDIT_FILTER);
            setProblems({});
            onApply(EMPTY_AUDIT_FILTER);
          }}
        >
          {t('audit.filter.clear')}
        </button>
      </div>
    </form>
  );
}
