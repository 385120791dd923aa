//! Tasks and blocks: the form's values, their checks, the mapping to the API's `TaskInput`, and
//! the time span in words. Pure, tested.
//!
//! `updateTask` replaces every field, so every change (the form, or only ticking "done") sends the
//! task's full current values — its customer and assignee included — or they would be cleared.
import type { TaskFieldsFragment, TaskInput, TaskKind } from '../../gql/graphql';
import type { MessageKey } from '../../i18n';
import { fromDateTimeLocal, toDateTimeLocal } from '../../lib/dates';

export const TASK_KIND_LABELS: Readonly<Record<TaskKind, MessageKey>> = {
  TASK: 'tasks.kind.TASK',
  BLOCK: 'tasks.kind.BLOCK',
};
export const TASK_KINDS = Object.keys(TASK_KIND_LABELS) as TaskKind[];

export interface TaskFormValues {
  readonly kind: TaskKind;
  readonly title: string;
  readonly body: string;
  /** `datetime-local` values in the user's time zone; "" for none. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly done: boolean;
}

/** The server fields the task form shows next to an input. */
export const TASK_FORM_FIELDS: ReadonlySet<string> = new Set(['kind', 'title', 'body', 'startsAt', 'endsAt']);

export function emptyTaskForm(kind: TaskKind = 'TASK'): TaskFormValues {
  return { kind, title: '', body: '', startsAt: '', endsAt: '', done: false };
}

export function taskToForm(task: TaskFieldsFragment): TaskFormValues {
  return {
    kind: task.kind,
    title: task.title,
    body: task.body ?? '',
    startsAt: toDateTimeLocal(task.startsAt),
    endsAt: toDateTimeLocal(task.endsAt),
    done: task.done,
  };
}

export function taskFormProblems(values: TaskFormValues): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (!values.title.trim()) problems['title'] = 'tasks.form.titleMissing';
  const start = values.startsAt ? fromDateTimeLocal(values.startsAt) : null;
  const end = values.endsAt ? fromDateTimeLocal(values.endsAt) : null;
  if (values.startsAt && !start) problems['startsAt'] = 'tasks.form.timeInvalid';
  if (values.endsAt && !end) problems['endsAt'] = 'tasks.form.timeInvalid';
  if (values.kind === 'BLOCK' && !values.startsAt) problems['startsAt'] = 'tasks.form.blockNeedsStart';
  if (start && end && end < start) problems['endsAt'] = 'tasks.form.endBeforeStart';
  return problems;
}

/** What stays as it is when the form is saved: the task's customer and assignee. */
export interface TaskLinks {
  readonly customerId: string | null;
  readonly assignedTo: string | null;
}

export function toTaskInput(values: TaskFormValues, links: TaskLinks): TaskInput {
  const body = values.body.trim();
  return {
    kind: values.kind,
    customerId: links.customerId,
    title: values.title.trim(),
    body: body === '' ? null : body,
    startsAt: values.startsAt ? fromDateTimeLocal(values.startsAt) : null,
    endsAt: values.endsAt ? fromDateTimeLocal(values.endsAt) : null,
    assignedTo: links.assignedTo,
  };
}

/** A task's current values as a `TaskInput`, for a change of `done` alone. */
export function currentTaskInput(task: TaskFieldsFragment): TaskInput {
  return {
    kind: task.kind,
    customerId: task.customerId,
    title: task.title,
    body: task.body,
    startsAt: task.startsAt,
    endsAt: task.endsAt,
    assignedTo: task.assignedTo,
  };
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * When a task is, for reading: "15 Mar 2026, 09:00–10:30", "15 Mar 2026, 09:00 – 16 Mar 2026,
 * 12:00", "from …", "until …"; null when it has no time at all.
 */
export function taskWhen(startsAt: string | null, endsAt: string | null, locale: string): string | null {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const start = startsAt ? new Date(startsAt) : null;
  const end = endsAt ? new Date(endsAt) : null;
  const valid = (d: Date | null): d is Date => d !== null && !Number.isNaN(d.getTime());
  if (valid(start) && valid(end)) {
    return sameDay(start, end)
      ? `${dateTime.format(start)}–${time.format(end)}`
      : `${dateTime.format(start)} – ${dateTime.format(end)}`;
  }
  if (valid(start)) return dateTime.format(start);
  if (valid(end)) return `– ${dateTime.format(end)}`;
  return null;
}
