import { Tag, Tooltip } from 'antd';
import { INFORMATIONAL_KIND_NAMES, type StandardRule } from '@zibo/shared';

/** 参考条文 with why it is kept for reference only, or 停用. */
export function RuleKindTags({ rule }: { rule: StandardRule }) {
  return (
    <>
      {rule.informational ? (
        <Tooltip
          title={
            rule.informationalKind ? INFORMATIONAL_KIND_NAMES[rule.informationalKind] : undefined
          }
        >
          <Tag>参考条文</Tag>
        </Tooltip>
      ) : null}
      {!rule.active ? <Tag color="default">已停用</Tag> : null}
    </>
  );
}
