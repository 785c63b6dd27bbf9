import { PROBLEM_EVENT_NAMES } from '@zibo/shared';
import type { Notice } from './inbox.api.ts';

/** The page a notice is about, or null when it stands alone. */
export function findNoticeTarget(notice: Pick<Notice, 'entity' | 'entityId'>): string | null {
  const id = notice.entityId;
  if (!id || !/^\d+$/.test(id)) return null;
  const pages: Record<string, string> = {
    problem: `/problems/${id}`,
    survey: `/surveys/${id}`,
    project: `/projects/${id}`,
    bulletin: `/bulletins/${id}`,
  };
  return (notice.entity && pages[notice.entity]) || null;
}

/** A short label for a notice's kind (`problem.instruct` → 领导批示). */
export function nameNoticeKind(kind: string): string {
  const [entity, action] = kind.split('.', 2);
  if (entity === 'problem' && action) return PROBLEM_EVENT_NAMES[action] ?? '问题办理';
  if (entity === 'bulletin') return '定期通报';
  return '通知';
}

/** Escalations and refusals stand out in red, reminders and instructions in orange. */
export function toneOfNoticeKind(kind: string): 'red' | 'orange' | 'blue' | 'green' {
  switch (kind) {
    case 'problem.overdue_escalation':
    case 'problem.returned':
    case 'problem.reject_plan':
      return 'red';
    case 'problem.deadline_reminder':
    case 'problem.instruct':
    case 'problem.flag_key':
      return 'orange';
    case 'problem.approve_closure':
    case 'problem.approve_plan':
      return 'green';
    default:
      return 'blue';
  }
}
