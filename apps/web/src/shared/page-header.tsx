import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** The title row of every page: heading, an optional line of explanation, actions on the right. */
export function PageHeader(props: { title: string; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" gap={16} className="page-header">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        {props.subtitle ? (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
            {props.subtitle}
          </Typography.Paragraph>
        ) : null}
      </div>
      {props.extra ? <Flex gap={8}>{props.extra}</Flex> : null}
    </Flex>
  );
}
