//! Restricting a customer to access groups: which groups the "Access" dialog offers, which of
//! them the viewer may change, and whether saving would lock the viewer out (pure, tested).
import { hasRight, type RightsHolder } from '../../app/rights';

/** A group as the dialog's query returns it. */
export interface ChoiceGroup {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null;
  readonly members: readonly { readonly id: string }[];
}

/** A group the customer is restricted to (`AccessGroupRef`). */
export interface GroupRef {
  readonly id: string;
  readonly name: string;
}

export interface GroupChoice {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** The viewer may not add or remove this group (only groups they belong to). */
  readonly locked: boolean;
}

export interface AccessViewer extends RightsHolder {
  readonly id: string;
}

/**
 * The groups the viewer belongs to, among `available`. `accessGroups` answers every group to
 * user managers (membership is then read from `members`) and only their own groups to others.
 */
export function ownGroupIds(available: readonly ChoiceGroup[], viewer: AccessViewer): ReadonlySet<string> {
  if (!viewer.isAdmin && !hasRight(viewer, 'MANAGE_USERS')) return new Set(available.map((g) => g.id));
  return new Set(available.filter((g) => g.members.some((m) => m.id === viewer.id)).map((g) => g.id));
}

/**
 * Every group the dialog shows, by name: the groups from `accessGroups` plus any the customer is
 * restricted to that the viewer cannot list. Administrators may change any; others only their own
 * groups (the server's rule), so the rest are shown locked, as they are.
 */
export function accessChoices(
  available: readonly ChoiceGroup[],
  current: readonly GroupRef[],
  viewer: AccessViewer,
  locale: string,
): GroupChoice[] {
  const own = ownGroupIds(available, viewer);
  const listed = new Set(available.map((g) => g.id));
  const choices: GroupChoice[] = [
    ...available.map((g) => ({ id: g.id, name: g.name, description: g.description ?? null, locked: !viewer.isAdmin && !own.has(g.id) })),
    ...current.filter((g) => !listed.has(g.id)).map((g) => ({ id: g.id, name: g.name, description: null, locked: !viewer.isAdmin })),
  ];
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return choices.sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * Whether saving `selected` would hide the customer from the viewer: it becomes restricted to
 * groups none of which the viewer belongs to (administrators see every customer).
 */
export function losesAccess(selected: readonly string[], own: ReadonlySet<string>, viewer: RightsHolder): boolean {
  return !viewer.isAdmin && selected.length > 0 && !selected.some((id) => own.has(id));
}
