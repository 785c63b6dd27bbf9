import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, Button, Divider, Flex, Popover, Spin, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../shared/format.ts';
import { useMarkAllRead, useNotices, type Notice } from './inbox.api.ts';
import { nameNoticeKind, toneOfNoticeKind } from './notice-format.ts';
import { useOpenNotice } from './use-open-notice.ts';
import './inbox.css';

const RECENT = 8;

/** The header's bell: unread count (polled every minute) and the latest unread notices. */
export function InboxBell() {
  const [open, setOpen] = useState(false);
  const notices = useNotices({ unread: true, page: 1, pageSize: RECENT }, true);
  const unread = notices.data?.unread ?? 0;
  const openNotice = useOpenNotice();
  const markAll = useMarkAllRead();

  const content = (
    <Flex vertical style={{ width: 360 }} aria-label="未读消息">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>未读消息（{unread}）</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          全部标为已读
        </Button>
      </Flex>
      <Divider style={{ margin: '8px 0' }} />
      {notices.isPending ? (
        <Spin />
      ) : (notices.data?.items ?? []).length === 0 ? (
        <Typography.Text type="secondary" style={{ padding: '12px 0' }}>
          没有未读消息
        </Typography.Text>
      ) : (
        <Flex vertical gap={4} style={{ maxHeight: 420, overflow: 'auto' }}>
          {(notices.data?.items ?? []).map((n) => (
            <NoticeItem
              key={n.id}
              notice={n}
              onOpen={() => {
                setOpen(false);
                openNotice(n);
              }}
            />
          ))}
        </Flex>
      )}
      <Divider style={{ margin: '8px 0' }} />
      <Link to="/inbox" onClick={() => setOpen(false)} style={{ textAlign: 'center' }}>
        进入消息中心
      </Link>
    </Flex>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
    >
      <Button
        type="text"
        aria-label={unread ? `消息，${unread} 条未读` : '消息'}
        data-testid="inbox-bell"
        data-unread={unread}
        style={{ color: '#fff' }}
        icon={
          <Badge count={unread} size="small" overflowCount={99} offset={[4, -2]}>
            <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}

function NoticeItem({ notice, onOpen }: { notice: Notice; onOpen: () => void }) {
  return (
    <button type="button" className="inbox-notice" onClick={onOpen}>
      <Flex vertical gap={2} align="flex-start">
        <Flex gap={6} align="center">
          <Tag color={toneOfNoticeKind(notice.kind)} style={{ marginInlineEnd: 0 }}>
            {nameNoticeKind(notice.kind)}
          </Tag>
          <Typography.Text strong ellipsis style={{ maxWidth: 250 }}>
            {notice.title}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 340, fontSize: 12 }}>
          {notice.body}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(notice.createdAt)}
        </Typography.Text>
      </Flex>
    </button>
  );
}
