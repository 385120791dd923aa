import { describe, expect, it } from 'vitest';
import type { TaskFieldsFragment } from '../../gql/graphql';
import { currentTaskInput, emptyTaskForm, taskFormProblems, taskToForm, taskWhen, toTaskInput } from './taskForm';

const local = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m - 1, d, h, min).toISOString();

const task: TaskFieldsFragment = {
  id: 't1',
  kind: 'BLOCK',
  customerId: 'c1',
  title: 'Service visit',
  body: 'Ring först',
  startsAt: local(2026, 5, 7, 9, 0),
  endsAt: local(2026, 5, 7, 11, 30),
  done: false,
  assignedTo: 'u1',
  createdAt: '2026-05-01T08:00:00Z',
  updatedAt: '2026-05-01T08:00:00Z',
  version: 4,
  customer: { id: 'c1', number: 10042, displayName: 'Åsa Öberg' },
};

describe('task form', () => {
  it('starts empty, as a task', () => {
    expect(emptyTaskForm()).toEqual({ kind: 'TASK', title: '', body: '', startsAt: '', endsAt: '', done: false });
  });

  it('loads a task with its times in the local zone', () => {
    expect(taskToForm(task)).toEqual({
      kind: 'BLOCK',
      title: 'Service visit',
      body: 'Ring först',
      startsAt: '2026-05-07T09:00',
      endsAt: '2026-05-07T11:30',
      done: false,
    });
  });

  it('says what is missing or wrong', () => {
    expect(taskFormProblems(emptyTaskForm())).toEqual({ title: 'tasks.form.titleMissing' });
    expect(taskFormProblems({ ...emptyTaskForm('BLOCK'), title: 'Visit' })).toEqual({ startsAt: 'tasks.form.blockNeedsStart' });
    expect(
      taskFormProblems({ ...emptyTaskForm(), title: 'x', startsAt: '2026-05-07T10:00', endsAt: '2026-05-07T09:59' }),
    ).toEqual({ endsAt: 'tasks.form.endBeforeStart' });
    expect(taskFormProblems({ ...emptyTaskForm(), title: 'x', startsAt: '2026-02-30T10:00' })).toEqual({
      startsAt: 'tasks.form.timeInvalid',
    });
    expect(taskFormProblems({ ...emptyTaskForm(), title: 'x', endsAt: '2026-05-07T09:59' })).toEqual({});
  });

  it('keeps the task’s customer and assignee, which the form does not show', () => {
    const values = { ...taskToForm(task), title: ' New title ', body: '  ' };
    expect(toTaskInput(values, { customerId: task.customerId, assignedTo: task.assignedTo })).toEqual({
      kind: 'BLOCK',
      customerId: 'c1',
      title: 'New title',
      body: null,
      startsAt: task.startsAt,
      endsAt: task.endsAt,
      assignedTo: 'u1',
    });
    expect(toTaskInput({ ...emptyTaskForm(), title: 'Call back' }, { customerId: null, assignedTo: null })).toEqual({
      kind: 'TASK',
      customerId: null,
      title: 'Call back',
      body: null,
      startsAt: null,
      endsAt: null,
      assignedTo: null,
    });
  });

  it('sends every current field when only "done" changes (updateTask replaces all of them)', () => {
    expect(currentTaskInput(task)).toEqual({
      kind: 'BLOCK',
      customerId: 'c1',
      title: 'Service visit',
      body: 'Ring först',
      startsAt: task.startsAt,
      endsAt: task.endsAt,
      assignedTo: 'u1',
    });
  });
});

describe('taskWhen', () => {
  it('shows a span within a day with the end time only', () => {
    expect(taskWhen(task.startsAt, task.endsAt, 'en-GB')).toBe('7 May 2026, 09:00–11:30');
  });

  it('shows a span over days in full, a start alone, or nothing', () => {
    expect(taskWhen(local(2026, 5, 7, 9, 0), local(2026, 5, 8, 12, 0), 'en-GB')).toBe('7 May 2026, 09:00 – 8 May 2026, 12:00');
    expect(taskWhen(local(2026, 5, 7, 9, 0), null, 'sv-SE')).toBe('7 maj 2026 09:00');
    expect(taskWhen(null, null, 'sv-SE')).toBeNull();
  });
});
