import { useState, type ReactNode } from 'react';
import { App, Button } from 'antd';
import { describeError } from '../api/client.ts';

/**
 * A button that downloads a file the server makes (a template, an export, a bulletin): busy
 * while the file is made, so nobody clicks twice on a slow export; then 已导出 (or 已下载) with
 * the file's name, or the reason in Chinese. Every download button of the platform is this one.
 */
export function DownloadButton(props: {
  /** Fetches the file and saves it; resolves to the file's name (api/client.ts downloadFile). */
  download: () => Promise<string>;
  children: ReactNode;
  icon?: ReactNode;
  type?: 'primary' | 'default';
  /** The word of the success message: 导出 for exports (default), 下载 for documents. */
  verb?: '导出' | '下载';
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type={props.type}
      icon={props.icon}
      loading={busy}
      onClick={() => {
        setBusy(true);
        props
          .download()
          .then((name) => void message.success(`已${props.verb ?? '导出'} ${name}`))
          .catch((e: unknown) => void message.error(describeError(e)))
          .finally(() => setBusy(false));
      }}
    >
      {props.children}
    </Button>
  );
}
