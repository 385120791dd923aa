//! What the signed-in user may do, for showing or hiding UI. The server decides anyway (every
//! field checks the right and answers FORBIDDEN); the SPA only hides what the viewer cannot use.
import type { Right } from '../gql/graphql';

/** The parts of the viewer (`me`) that carry rights. */
export interface RightsHolder {
  readonly isAdmin: boolean;
  /** Effective rights; the server already lists every right for administrators. */
  readonly rights: readonly Right[];
}

/** Whether the viewer holds `right` (administrators hold every right). */
export function hasRight(viewer: RightsHolder | null | undefined, right: Right): boolean {
  if (!viewer) return false;
  return viewer.isAdmin || viewer.rights.includes(right);
}
