//! The secret fields the Secrets tab and the secret mutations read. Never the value: it only
//! comes from `revealSecret`, one at a time, and is never cached.
import { graphql } from '../../gql';

/** The list refetches after any Secret mutation, also when it was empty or the answer is a Boolean. */
export const SECRET_CONTEXT = { additionalTypenames: ['Secret'] };

/**
 * What everyone with READ_SECRETS may read about a secret. The mutations select only these, so
 * their answers never carry the FORBIDDEN field errors of the details (a manager may save a
 * secret for groups they are not in); the list refetches the details itself.
 */
export const SecretSummaryFieldsFragment = graphql(`
  fragment SecretSummaryFields on Secret {
    id
    customerId
    title
    kind
    allowedGroups {
      id
      name
    }
    canReveal
    createdAt
    updatedAt
    version
  }
`);

/**
 * The summary plus the details that resolve only when `canReveal` is true; for everyone else
 * each of them is null with a FORBIDDEN error at its path (see `listFailure` in secrets.ts).
 */
export const SecretFieldsFragment = graphql(`
  fragment SecretFields on Secret {
    ...SecretSummaryFields
    username
    url
    notes
    recentReveals {
      revealedAt
      userName
      reason
    }
  }
`);
