import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Flex, Select, Table, Tabs, Tag, Typography } from 'antd';
import { HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import {
  JURISDICTION_NAMES,
  LIFE_CIRCLE_NAMES,
  METRIC_INFO,
  type CategoryCode,
  type Jurisdiction,
} from '@zibo/shared';
import { useAuth } from '../../shared/session.tsx';
import { CATEGORY_SHORT_NAMES } from '../../shared/facility-vocabulary.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { RuleFormDrawer } from './rule-form-drawer.tsx';
import { UnverifiedTag } from '../../shared/unverified-tag.tsx';
import { formatAppliesTo, formatRuleValue } from './rule-format.ts';
import { RuleKindTags } from './rule-tags.tsx';
import { RuleVersionsDrawer } from './rule-versions-drawer.tsx';
import { useStandards, type RuleRecord, type StandardsCatalogue } from './standards.api.ts';
import { KeywordSearch } from '../../shared/list-filters.tsx';

const GENERAL_TAB = 'general';

type Filters = {
  q: string;
  jurisdiction: Jurisdiction | null;
  unverifiedOnly: boolean;
  showInformational: boolean;
};

function matches(rule: RuleRecord, f: Filters): boolean {
  if (!f.showInformational && rule.informational) return false;
  if (f.unverifiedOnly && rule.verified) return false;
  if (f.jurisdiction && rule.jurisdiction !== f.jurisdiction) return false;
  if (f.q) {
    const hay = `${rule.code} ${rule.source} ${rule.clause} ${rule.note ?? ''} ${rule.appliesTo.description}`;
    if (!hay.toLowerCase().includes(f.q.toLowerCase())) return false;
  }
  return true;
}

/**
 * P3 配建标准: the catalogue with source and clause for every rule, grouped by category and
 * facility type; a lead department edits its categories' rules, each change a new version.
 */
export function StandardsPage() {
  const standards = useStandards();
  const { hasPermission } = useAuth();
  const [filters, setFilters] = useState<Filters>({
    q: '',
    jurisdiction: null,
    unverifiedOnly: false,
    showInformational: false,
  });
  const [editing, setEditing] = useState<RuleRecord | 'new' | null>(null);
  const [history, setHistory] = useState<RuleRecord | null>(null);
  const catalogue = standards.data;
  const unverified = catalogue?.rules.filter((r) => !r.verified).length ?? 0;
  const canCreate = catalogue?.abilities?.create ?? hasPermission('standards.manage');

  return (
    <>
      <PageHeader
        title="配建标准"
        subtitle={
          <>
            各类配套设施的配建指标及其出处、条款。较具体的地方标准优先（淄博市 → 山东省 →
            国家）；标为
            <Tag color="warning" style={{ marginInline: 4 }}>
              待核实
            </Tag>
            的指标尚未与正式文本核对（共 {unverified}{' '}
            条）。主管部门修改本部门类别的指标，每次修改生成新版本。
          </>
        }
        extra={
          canCreate && catalogue ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增指标
            </Button>
          ) : null
        }
      />
      {standards.isPending ? <PageLoading /> : null}
      {standards.isError ? (
        <ErrorState error={standards.error} onRetry={() => void standards.refetch()} />
      ) : null}
      {catalogue ? (
        <>
          <Flex
            gap={12}
            wrap
            align="center"
            style={{ marginBottom: 16 }}
            role="search"
            aria-label="筛选指标"
          >
            <KeywordSearch
              placeholder="编号、出处、条款"
              onSearch={(q) => setFilters((f) => ({ ...f, q: q ?? '' }))}
            />
            <Select<Jurisdiction>
              aria-label="标准层级"
              placeholder="标准层级"
              allowClear
              style={{ width: 150 }}
              onChange={(jurisdiction) =>
                setFilters((f) => ({ ...f, jurisdiction: jurisdiction ?? null }))
              }
              options={(Object.keys(JURISDICTION_NAMES) as Jurisdiction[]).map((j) => ({
                value: j,
                label: JURISDICTION_NAMES[j],
              }))}
            />
            <Checkbox
              checked={filters.unverifiedOnly}
              onChange={(e) => setFilters((f) => ({ ...f, unverifiedOnly: e.target.checked }))}
            >
              只看待核实
            </Checkbox>
            <Checkbox
              checked={filters.showInformational}
              onChange={(e) => setFilters((f) => ({ ...f, showInformational: e.target.checked }))}
            >
              显示参考条文（不参与核算）
            </Checkbox>
          </Flex>
          <CatalogueTabs
            catalogue={catalogue}
            filters={filters}
            onEdit={setEditing}
            onHistory={setHistory}
          />
        </>
      ) : null}
      {editing && catalogue ? (
        <RuleFormDrawer
          rule={editing === 'new' ? null : editing}
          catalogue={catalogue}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <RuleVersionsDrawer rule={history} onClose={() => setHistory(null)} />
    </>
  );
}

/** One tab per category (rules by facility type), and one for the general clauses. */
function CatalogueTabs(props: {
  catalogue: StandardsCatalogue;
  filters: Filters;
  onEdit: (r: RuleRecord) => void;
  onHistory: (r: RuleRecord) => void;
}) {
  const { catalogue, filters, onEdit, onHistory } = props;
  const general = catalogue.rules.filter((r) => r.category === null && matches(r, filters));
  return (
    <Tabs
      items={[
        ...catalogue.categories.map((c) => {
          const rules = catalogue.rules.filter((r) => r.category === c.code && matches(r, filters));
          return {
            key: c.code,
            label: `${CATEGORY_SHORT_NAMES[c.code]}（${rules.length}）`,
            children: (
              <CategoryRules
                catalogue={catalogue}
                category={c.code}
                rules={rules}
                onEdit={onEdit}
                onHistory={onHistory}
              />
            ),
          };
        }),
        {
          key: GENERAL_TAB,
          label: `通用条文（${general.length}）`,
          children: (
            <RulesTable rules={general} onEdit={onEdit} onHistory={onHistory} label="通用条文" />
          ),
        },
      ]}
    />
  );
}

function CategoryRules(props: {
  catalogue: StandardsCatalogue;
  category: CategoryCode;
  rules: RuleRecord[];
  onEdit: (r: RuleRecord) => void;
  onHistory: (r: RuleRecord) => void;
}) {
  const types = props.catalogue.facilityTypes.filter((t) => t.category === props.category);
  const general = props.rules.filter((r) => r.facilityType === null);
  if (props.rules.length === 0) return <Empty description="没有符合条件的指标" />;
  return (
    <Flex vertical gap={16}>
      {types.map((t) => {
        const rules = props.rules.filter((r) => r.facilityType === t.code);
        if (rules.length === 0) return null;
        return (
          <Card key={t.code} size="small" title={`${t.name}（${rules.length} 条）`}>
            <RulesTable
              rules={rules}
              onEdit={props.onEdit}
              onHistory={props.onHistory}
              label={t.name}
            />
          </Card>
        );
      })}
      {general.length ? (
        <Card size="small" title={`本类通用（${general.length} 条）`}>
          <RulesTable
            rules={general}
            onEdit={props.onEdit}
            onHistory={props.onHistory}
            label="本类通用"
          />
        </Card>
      ) : null}
    </Flex>
  );
}

function RulesTable(props: {
  rules: RuleRecord[];
  onEdit: (r: RuleRecord) => void;
  onHistory: (r: RuleRecord) => void;
  label: string;
}) {
  return (
    <Table<RuleRecord>
      rowKey="id"
      size="small"
      dataSource={props.rules}
      pagination={false}
      aria-label={`${props.label}指标`}
      columns={[
        {
          title: '编号',
          key: 'code',
          width: 90,
          render: (_, r) => (
            <Flex vertical gap={2}>
              <Typography.Text strong>{r.code}</Typography.Text>
              <Typography.Text type="secondary">v{r.version}</Typography.Text>
            </Flex>
          ),
        },
        {
          title: '指标',
          key: 'metric',
          width: 130,
          render: (_, r) => (
            <Flex vertical gap={2} align="flex-start">
              {METRIC_INFO[r.metric].name}
              <RuleKindTags rule={r} />
            </Flex>
          ),
        },
        {
          title: '数值',
          key: 'value',
          width: 170,
          render: (_, r) => (
            <Flex gap={4} wrap align="center">
              <span>{formatRuleValue(r)}</span>
              <UnverifiedTag verified={r.verified} />
            </Flex>
          ),
        },
        { title: '适用范围', key: 'appliesTo', width: 170, render: (_, r) => formatAppliesTo(r) },
        {
          title: '层级',
          key: 'jurisdiction',
          width: 110,
          render: (_, r) => (
            <Flex vertical gap={2}>
              <span>{JURISDICTION_NAMES[r.jurisdiction]}</span>
              {r.lifeCircle ? (
                <Typography.Text type="secondary">
                  {LIFE_CIRCLE_NAMES[r.lifeCircle]}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        {
          title: '出处与条款',
          key: 'source',
          render: (_, r) => (
            <Flex vertical gap={2}>
              <span>{r.source}</span>
              {r.clause ? <span>条款：{r.clause}</span> : null}
              {r.note ? <Typography.Text type="secondary">{r.note}</Typography.Text> : null}
              {r.researchNote ? (
                <Typography.Text type="secondary" italic>
                  研究备注（仅维护部门可见）：{r.researchNote}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        {
          title: '操作',
          key: 'actions',
          width: 90,
          render: (_, r) => (
            <Flex gap={0} wrap>
              {r.abilities?.update && !r.informational ? (
                <Button size="small" type="link" onClick={() => props.onEdit(r)}>
                  编辑
                </Button>
              ) : null}
              <Button
                size="small"
                type="link"
                icon={<HistoryOutlined />}
                onClick={() => props.onHistory(r)}
                aria-label={`${r.code} 历史版本`}
              >
                版本
              </Button>
            </Flex>
          ),
        },
      ]}
    />
  );
}
