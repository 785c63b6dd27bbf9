import { useMemo } from 'react';
import { Flex, Image, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { PROBLEM_STATUS_LABELS, PROBLEM_STATUS_CODES } from '@zibo/shared';
import { useDepartments } from '../../api/reference.ts';
import { formatDateTime } from '../../shared/format.ts';
import { buildAttachmentUrl, describeEvent, isImageFile } from './problem-format.ts';
import type { AttachmentFile, ProblemEvent, ProblemStatus } from './problems.api.ts';

function nameStatus(status: string | null): string | null {
  if (!status) return null;
  return (PROBLEM_STATUS_CODES as readonly string[]).includes(status)
    ? PROBLEM_STATUS_LABELS[status as ProblemStatus]
    : status;
}

/** What the comment of each kind of event is, so the reader knows whose words they are. */
const COMMENT_LABELS: Record<string, string> = {
  returned: '不予销号理由',
  reject_plan: '退回理由',
  reopen: '重新打开理由',
  instruct: '批示',
  request_closure: '整改完成情况',
  report_progress: '进展',
  approve_closure: '核验意见',
};

/** Photos as thumbnails (click to enlarge), every other file as a link that opens it. */
export function AttachmentList({ files }: { files: AttachmentFile[] }) {
  const photos = files.filter(isImageFile);
  const documents = files.filter((f) => !isImageFile(f));
  return (
    <Flex vertical gap={4}>
      {photos.length ? (
        <div className="problem-timeline-photos" aria-label="照片">
          <Image.PreviewGroup>
            {photos.map((f) => (
              <Image
                key={f.id}
                src={buildAttachmentUrl(f.id)}
                alt={f.name}
                width={96}
                height={72}
                style={{ objectFit: 'cover', borderRadius: 4 }}
              />
            ))}
          </Image.PreviewGroup>
        </div>
      ) : null}
      {documents.map((f) => (
        <a key={f.id} href={buildAttachmentUrl(f.id)} target="_blank" rel="noreferrer">
          <PaperClipOutlined /> {f.name}
        </a>
      ))}
    </Flex>
  );
}

/** P5: the problem's history, oldest first — who did what, when, why, with what evidence. */
export function ProblemTimeline({ events }: { events: ProblemEvent[] }) {
  const departments = useDepartments(null);
  const departmentName = useMemo(() => {
    const names = new Map((departments.data ?? []).map((d) => [d.code, d.name]));
    return (code: string | null) => (code ? (names.get(code) ?? null) : null);
  }, [departments.data]);

  return (
    <Timeline
      items={events.map((e) => {
        const { name, color } = describeEvent(e);
        const from = nameStatus(e.fromStatus);
        const to = nameStatus(e.toStatus);
        const dept = departmentName(e.actorDepartment);
        const label = COMMENT_LABELS[e.action];
        return {
          key: e.id,
          color,
          content: (
            <Flex vertical gap={4} data-testid={`event-${e.action}`}>
              <div>
                <Typography.Text strong>{name}</Typography.Text>
                <Typography.Text type="secondary">
                  {' '}
                  · {e.actorName ?? '系统'}
                  {dept ? `（${dept}）` : ''} · {formatDateTime(e.at)}
                </Typography.Text>
              </div>
              {from && to && from !== to ? (
                <Typography.Text type="secondary">
                  {from} → {to}
                </Typography.Text>
              ) : null}
              {e.percent !== null ? <span>完成进度 {e.percent}%</span> : null}
              {e.comment ? (
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                  {label ? `${label}：` : ''}
                  {e.comment}
                </Typography.Paragraph>
              ) : null}
              {e.attachments.length ? <AttachmentList files={e.attachments} /> : null}
            </Flex>
          ),
        };
      })}
    />
  );
}
