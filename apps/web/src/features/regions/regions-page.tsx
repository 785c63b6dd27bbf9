import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Breadcrumb, Button, Card, Col, Descriptions, Flex, Row, Tree, Typography } from 'antd';
import type { GetRef } from 'antd';
import type { Region } from '@zibo/shared';
import { useRegion, useRegionChildren } from '../../api/reference.ts';
import { DataTable } from '../../shared/kit/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { useCityCode } from '../../shared/session.tsx';
import { RegionMap } from '../../shared/region-map.tsx';
import { REGION_LEVEL_NAMES } from '../../shared/regions.ts';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import {
  buildRegionNodes,
  useRegionExpansion,
  useRegionTree,
} from '../../shared/use-region-tree.ts';
import { ZonesCard } from './zones-card.tsx';

/**
 * The region browser: the tree loaded level by level, the real district outlines on the map,
 * and the selected region's children. Selecting on either side selects on the other.
 */
export function RegionsPage() {
  const cityCode = useCityCode();
  const tree = useRegionTree();
  const { loadChildren, revealPath } = tree;
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const [selectedCode, setSelectedCode] = useState(cityCode);
  const expansion = useRegionExpansion(tree, [cityCode]);
  const { open } = expansion;

  useEffect(() => {
    void loadChildren(cityCode);
  }, [loadChildren, cityCode]);

  const select = useCallback(
    async (code: string) => {
      setSelectedCode(code);
      const ancestors = await revealPath(code);
      open(ancestors);
      treeRef.current?.scrollTo({ key: code, align: 'auto' });
    },
    [revealPath, open],
  );

  const treeData = useMemo(
    () => buildRegionNodes(tree.roots, tree.childrenOf),
    [tree.roots, tree.childrenOf],
  );

  return (
    <>
      <PageHeader
        title="行政区划"
        subtitle="淄博市区县、镇街、社区（村）的行政区划和功能区。点击地图上的区县或左侧区划树查看下级。"
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={7}>
          <Card title="区划树" styles={{ body: { padding: 12 } }}>
            {tree.rootsError ? (
              <ErrorState error={tree.rootsError} />
            ) : tree.rootsLoading ? (
              <PageLoading />
            ) : (
              <nav aria-label="区划树">
                <Tree
                  ref={treeRef}
                  treeData={treeData}
                  height={620}
                  showLine
                  blockNode
                  selectedKeys={[selectedCode]}
                  // No expand animation: antd drops a click on a node while one plays, so a
                  // click made while a level loads would be lost (issue 13).
                  motion={false}
                  expandedKeys={expansion.expanded}
                  onExpand={expansion.onExpand}
                  onSelect={(_keys, info) => {
                    // Selecting opens the node too; a click on the selected node keeps it.
                    const key = String(info.node.key);
                    void select(key);
                    if (!info.node.isLeaf) open([key]);
                  }}
                  loadData={async (node) => {
                    await loadChildren(String(node.key));
                  }}
                />
              </nav>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={17}>
          <Flex vertical gap={16}>
            <Card title="区县地图" styles={{ body: { padding: 12 } }}>
              <RegionMap
                selectedCode={selectedCode}
                onSelectRegion={(code) => void select(code)}
                height={560}
              />
            </Card>
            <SelectedRegionCard code={selectedCode} onSelect={(code) => void select(code)} />
            <ZonesCard />
          </Flex>
        </Col>
      </Row>
    </>
  );
}

function SelectedRegionCard(props: { code: string; onSelect: (code: string) => void }) {
  const detail = useRegion(props.code);
  const children = useRegionChildren(props.code);
  const region = detail.data;

  const columns = [
    {
      title: '名称',
      dataIndex: 'name',
      key: 'name',
      render: (name: string, r: Region) =>
        r.childCount > 0 ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            onClick={() => props.onSelect(r.code)}
          >
            {name}
          </Button>
        ) : (
          name
        ),
    },
    { title: '代码', dataIndex: 'code', key: 'code' },
    {
      title: '级别',
      dataIndex: 'level',
      key: 'level',
      render: (level: Region['level']) => REGION_LEVEL_NAMES[level],
    },
    { title: '类型', dataIndex: 'kind', key: 'kind' },
    { title: '下级数量', dataIndex: 'childCount', key: 'childCount', align: 'right' as const },
  ];

  return (
    <Card
      title={
        region ? (
          <Breadcrumb
            items={region.path.map((p) => ({
              key: p.code,
              title:
                p.code === region.code ? (
                  p.name
                ) : (
                  <a
                    href={`#${p.code}`}
                    onClick={(e) => {
                      e.preventDefault();
                      props.onSelect(p.code);
                    }}
                  >
                    {p.name}
                  </a>
                ),
            }))}
          />
        ) : (
          '区划详情'
        )
      }
    >
      {detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : null}
      {region ? (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'name', label: '名称', children: region.name },
            { key: 'code', label: '代码', children: region.code },
            { key: 'level', label: '级别', children: REGION_LEVEL_NAMES[region.level] },
            { key: 'kind', label: '类型', children: region.kind },
            {
              key: 'zones',
              label: '所属功能区',
              children: region.zones.length ? region.zones.map((z) => z.name).join('、') : '—',
            },
            { key: 'children', label: '下级数量', children: region.childCount },
          ]}
        />
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        下级区划
      </Typography.Title>
      {children.isError ? (
        <ErrorState error={children.error} onRetry={() => void children.refetch()} />
      ) : (
        <DataTable<Region>
          rowKey="code"
          size="small"
          loading={children.isPending}
          columns={columns}
          dataSource={children.data ?? []}
          pageSize={20}
          unit="个区划"
          emptyText="没有下级区划"
          aria-label="下级区划"
        />
      )}
    </Card>
  );
}
