import { Tag, Tooltip } from 'antd';
import { UNVERIFIED_LABEL } from '@zibo/shared';

/** P3: a figure not yet checked against the official text says so wherever it is shown. */
export function UnverifiedTag({ verified }: { verified: boolean }) {
  if (verified) return null;
  return (
    <Tooltip title="该指标尚未与正式文本核对，使用时请注意">
      <Tag color="warning">{UNVERIFIED_LABEL}</Tag>
    </Tooltip>
  );
}
