//! The statistics table's cells: which count of a `ConsentPurposeStatistics` each status is.
import type { ConsentStatisticsQuery, ConsentStatus } from '../../gql/graphql';

type PurposeStatistics = ConsentStatisticsQuery['consentStatistics']['purposes'][number];
type StatusCounts = Pick<PurposeStatistics, 'granted' | 'withdrawn' | 'denied' | 'notAsked' | 'outdated' | 'expired'>;

/** The field of the statistics that counts each status (every status has one). */
export const STATUS_FIELDS: Readonly<Record<ConsentStatus, keyof StatusCounts>> = {
  GRANTED: 'granted',
  WITHDRAWN: 'withdrawn',
  DENIED: 'denied',
  NOT_ASKED: 'notAsked',
  OUTDATED: 'outdated',
  EXPIRED: 'expired',
};

/** How many contacts have `status` for the purpose of `row`. */
export function statusCount(row: StatusCounts, status: ConsentStatus): number {
  return row[STATUS_FIELDS[status]];
}
