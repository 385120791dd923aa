//! The task fields the Tasks tab, the planning board and the task mutations read.
import { graphql } from '../../gql';

export const TaskFieldsFragment = graphql(`
  fragment TaskFields on Task {
    id
    kind
    customerId
    title
    body
    startsAt
    endsAt
    done
    assignedTo
    createdAt
    updatedAt
    version
    customer {
      id
      number
      displayName
    }
  }
`);
