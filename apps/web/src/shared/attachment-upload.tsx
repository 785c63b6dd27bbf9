import { useEffect, useRef, useState } from 'react';
import { App, Button, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined, PictureOutlined } from '@ant-design/icons';
import { describeError, uploadFile } from '../api/client.ts';

/** An uploaded file as `POST /api/attachments` answers. */
export type UploadedAttachment = { id: number; name: string; size: number; contentType: string };

const ACCEPT = {
  photo: '.jpg,.jpeg,.png,image/jpeg,image/png',
  document: '.pdf,.docx,.xlsx,.jpg,.jpeg,.png',
} as const;

/** What each kind accepts, for the form item's help line. */
export const ATTACHMENT_HINTS = {
  photo: '照片：JPG、PNG',
  document: '文件：PDF、Word（.docx）、Excel（.xlsx）或照片',
} as const;

/**
 * Uploads files as soon as they are chosen (`POST /api/attachments`, checked by the server by
 * content, not name) and gives the form the uploaded records, whose ids a record then cites.
 * `onBusyChange` lets the dialog hold its OK button until every upload has finished.
 */
export function AttachmentUpload(props: {
  value?: UploadedAttachment[];
  onChange?: (files: UploadedAttachment[]) => void;
  onBusyChange?: (busy: boolean) => void;
  kind: 'photo' | 'document';
  max?: number;
  id?: string;
  label?: string;
}) {
  const { message } = App.useApp();
  const [fileList, setFileList] = useState<UploadFile<UploadedAttachment>[]>(() =>
    (props.value ?? []).map((f) => ({
      uid: String(f.id),
      name: f.name,
      status: 'done',
      response: f,
      url: `/api/attachments/${f.id}`,
    })),
  );
  const onChange = useRef(props.onChange);
  const onBusyChange = useRef(props.onBusyChange);
  useEffect(() => {
    onChange.current = props.onChange;
    onBusyChange.current = props.onBusyChange;
  });

  useEffect(() => {
    onBusyChange.current?.(fileList.some((f) => f.status === 'uploading'));
  }, [fileList]);

  const publish = (list: UploadFile<UploadedAttachment>[]) => {
    setFileList(list);
    const done = list.flatMap((f) => (f.status === 'done' && f.response ? [f.response] : []));
    onChange.current?.(done);
  };

  const max = props.max ?? 9;
  return (
    <Upload<UploadedAttachment>
      id={props.id}
      accept={ACCEPT[props.kind]}
      multiple
      listType={props.kind === 'photo' ? 'picture' : 'text'}
      fileList={fileList}
      maxCount={max}
      onChange={({ fileList: next }) =>
        publish(
          next.map((f) =>
            f.status === 'done' && f.response && !f.url
              ? { ...f, url: `/api/attachments/${f.response.id}` }
              : f,
          ),
        )
      }
      customRequest={({ file, onSuccess, onError }) => {
        const blob = file as File;
        uploadFile<UploadedAttachment>('/attachments', blob, blob.name)
          .then((saved) => onSuccess?.(saved))
          .catch((e: unknown) => {
            void message.error(`${blob.name}：${describeError(e)}`);
            onError?.(e instanceof Error ? e : new Error(describeError(e)));
          });
      }}
    >
      <Button icon={props.kind === 'photo' ? <PictureOutlined /> : <PaperClipOutlined />}>
        {props.label ?? (props.kind === 'photo' ? '上传照片' : '上传文件')}
      </Button>
    </Upload>
  );
}
