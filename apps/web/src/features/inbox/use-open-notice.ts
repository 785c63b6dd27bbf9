import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { App } from 'antd';
import { describeError } from '../../api/client.ts';
import { useMarkRead, type Notice } from './inbox.api.ts';
import { findNoticeTarget } from './notice-format.ts';

/** Opening a notice marks it read, then goes to what it is about. */
export function useOpenNotice(): (notice: Notice) => void {
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { mutateAsync } = markRead;
  return useCallback(
    (notice: Notice) => {
      const target = findNoticeTarget(notice);
      const read = notice.read ? Promise.resolve() : mutateAsync(notice.id).then(() => undefined);
      read
        .then(() => (target ? navigate(target) : undefined))
        .catch((e: unknown) => void message.error(describeError(e)));
    },
    [mutateAsync, navigate, message],
  );
}
