import type { FindingStatus } from '@zibo/shared';

/** Finding statuses from worst to best (缺失, 不足, 达标). */
export const STATUS_RANK: Record<FindingStatus, number> = { missing: 0, short: 1, met: 2 };

/** The worst status among findings; 达标 when there are none. */
export function worstStatus(findings: readonly { status: FindingStatus }[]): FindingStatus {
  return findings.reduce<FindingStatus>(
    (w, f) => (STATUS_RANK[f.status] < STATUS_RANK[w] ? f.status : w),
    'met',
  );
}
