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

/**
 * Facilities the finding did not count (not yet built, or not used for their purpose: model.ts
 * in the engine), said beside the figures so that a linked school that is 闲置 explains why the
 * finding reads 缺失. Null when there are none.
 */
export function excludedNote(f: { excludedCount: number }): string | null {
  return f.excludedCount > 0 ? `另有 ${f.excludedCount} 处未计入（未建成或未按用途使用）` : null;
}
