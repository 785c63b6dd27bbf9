import { Flex, Typography } from 'antd';

/** The key of a point map: a dot of each colour and what it means. */
export function MapLegend(props: { items: { color: string; label: string }[]; note?: string }) {
  return (
    <Flex gap={16} wrap align="center" aria-label="图例" role="list">
      {props.items.map((item) => (
        <Flex key={item.label} gap={6} align="center" role="listitem">
          <span
            aria-hidden
            style={{
              display: 'inline-block',
              width: 12,
              height: 12,
              borderRadius: '50%',
              background: item.color,
              border: '1px solid #fff',
              boxShadow: '0 0 0 1px #d9d9d9',
            }}
          />
          <span>{item.label}</span>
        </Flex>
      ))}
      {props.note ? <Typography.Text type="secondary">{props.note}</Typography.Text> : null}
    </Flex>
  );
}
