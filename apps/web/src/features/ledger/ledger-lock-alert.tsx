import { Link } from 'react-router';
import { Alert, Flex } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { SURVEY_SUBMISSION_STATUS_NAMES } from '@zibo/shared';
import { ApiError } from '../../api/client.ts';
import { useAuth } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useLedgerLocks, type LedgerLock } from '../survey/survey.api.ts';

/** The locks that concern a region: its district's, or all of them for the city. */
export function selectLocksOf(locks: readonly LedgerLock[], regionCode: string | null) {
  if (!regionCode || regionCode.length < 6) return [...locks];
  return locks.filter((l) => l.districtCode === regionCode.slice(0, 6));
}

function describeLock(lock: LedgerLock): string {
  const filed = lock.filedDepartments.length ? `已备案：${lock.filedDepartments.join('、')}；` : '';
  return (
    `${lock.districtName}台账已于 ${formatDateTime(lock.submittedAt)} 报送“${lock.surveyName}”` +
    `（${SURVEY_SUBMISSION_STATUS_NAMES[lock.status]}），${filed}` +
    '锁定期间不能新增、修改、删除或导入。如需修改，请联系主管部门（' +
    `${[...lock.pendingDepartments, ...lock.filedDepartments].join('、')}）退回后再改。`
  );
}

/** True when the user's own district ledger (or, for a wider scope, none) is locked. */
export function useOwnLedgerLocked(regionCode: string | null): boolean {
  const locks = useLedgerLocks();
  if (!regionCode || regionCode.length < 6) return false;
  return selectLocksOf(locks, regionCode).length > 0;
}

/**
 * P3: a ledger with the departments is locked until they return it. Says which survey holds
 * the lock and whom to ask, above every page that edits the ledger.
 */
export function LedgerLockAlert(props: { regionCode: string | null }) {
  const { hasPermission } = useAuth();
  const locks = selectLocksOf(useLedgerLocks(), props.regionCode);
  // Only those who edit the ledger need the warning; the office follows locks on the survey page.
  if (locks.length === 0 || !hasPermission('ledger.write')) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<LockOutlined />}
      role="alert"
      data-testid="ledger-lock"
      title={locks.length === 1 ? '台账已锁定' : `${locks.length} 个区县的台账已锁定`}
      description={
        <Flex vertical gap={4}>
          {locks.map((l) => (
            <span key={`${l.surveyId}-${l.districtCode}`}>
              {describeLock(l)} <Link to={`/surveys/${l.surveyId}`}>查看排查</Link>
            </span>
          ))}
        </Flex>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** The Chinese text of a failed ledger write, with the lock's reason when that is the cause. */
export function describeLedgerError(error: unknown): string {
  if (!(error instanceof ApiError)) return '操作失败，请稍后重试';
  if (error.code === 'RULE_VIOLATION' && Array.isArray(error.details)) {
    const reasons = error.details
      .map((d) => (d as { reason?: unknown }).reason)
      .filter((r): r is string => typeof r === 'string');
    if (reasons.length) return `${error.message}（${reasons.join('；')}）`;
    const names = error.details
      .map((d) => (d as { name?: unknown }).name)
      .filter((n): n is string => typeof n === 'string');
    if (names.length) return `${error.message}：${names.join('、')}`;
  }
  return error.message;
}
