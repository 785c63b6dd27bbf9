import type { ReactNode } from 'react';
import { Flex } from 'antd';

/** A list page's filters in one wrapping row, announced as a search region. */
export function FilterBar(props: { label: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Flex
      gap={12}
      wrap
      align="center"
      style={{ marginBottom: 16 }}
      role="search"
      aria-label={props.label}
    >
      {props.children}
      {props.extra ? <div style={{ marginInlineStart: 'auto' }}>{props.extra}</div> : null}
    </Flex>
  );
}
