import { useEffect } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Card, Flex, Form, Input, Space, Table, Tag, Typography } from 'antd';
import {
  CheckOutlined,
  FileExcelOutlined,
  FileWordOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  BULLETIN_STATUS_NAMES,
  LATE_KIND_NAMES,
  type BulletinDetail,
  type BulletinNarrative,
  type LateEntry,
  type SupervisionRegionRow,
} from '@zibo/shared';
import { describeError } from '../../api/client.ts';
import { DataTable } from '../../shared/kit/index.ts';
import { formatDateTime } from '../../shared/format.ts';
import { LightTag, formatRate, formatScore, ratedOnly } from '../../shared/league-format.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import {
  NARRATIVE_SECTIONS,
  downloadBulletin,
  useBulletin,
  useIssueBulletin,
  useSaveBulletin,
  useSignBulletin,
} from './bulletins.api.ts';
import { DownloadButton } from '../../shared/download-button.tsx';

const pct = formatRate;

/** One bulletin: the office edits and issues a draft; a recipient reads and signs for it. */
export function BulletinPage() {
  const id = Number(useParams().id);
  const query = useBulletin(id);
  if (query.isLoading) return <PageLoading />;
  if (query.isError || !query.data)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <BulletinView bulletin={query.data} />;
}

function BulletinView({ bulletin: b }: { bulletin: BulletinDetail }) {
  const { message, modal } = App.useApp();
  const save = useSaveBulletin(b.id);
  const issue = useIssueBulletin(b.id);
  const sign = useSignBulletin(b.id);
  const [form] = Form.useForm<BulletinNarrative & { title: string }>();
  useEffect(() => {
    form.setFieldsValue({ ...b.narrative, title: b.title });
  }, [form, b.narrative, b.title]);

  const onSave = async () => {
    const values = await form.validateFields();
    await save
      .mutateAsync({ ...values, version: b.version })
      .then(() => message.success('草稿已保存'))
      .catch((e: unknown) => void message.error(describeError(e)));
  };

  const onIssue = () =>
    modal.confirm({
      title: `印发 ${b.docNumber}？`,
      content:
        '印发后通报定稿，不能再修改；正文和统计表的哈希值写入审计链，各区县和牵头部门将收到通报并签收。未保存的修改会先保存。',
      okText: '确认印发',
      cancelText: '取消',
      onOk: async () => {
        try {
          if (form.isFieldsTouched()) {
            const values = await form.validateFields();
            await save.mutateAsync({ ...values, version: b.version });
          }
          await issue.mutateAsync();
          message.success('通报已印发');
        } catch (e) {
          message.error(describeError(e));
        }
      },
    });

  const s = b.snapshot;
  return (
    <>
      <PageHeader
        title={`${b.year}年第${b.issueNo}期通报`}
        subtitle={
          <Space wrap>
            <span>{b.docNumber}</span>
            <Tag color={b.status === 'issued' ? 'green' : 'gold'}>
              {BULLETIN_STATUS_NAMES[b.status]}
            </Tag>
            <span>
              统计时段 {b.periodStart} 至 {b.periodEnd}；数据截至 {s.asOf.slice(0, 10)}
            </span>
          </Space>
        }
        extra={
          <>
            <DownloadButton
              icon={<FileWordOutlined />}
              verb="下载"
              download={() => downloadBulletin(b, 'document')}
            >
              下载通报（.docx）
            </DownloadButton>
            <DownloadButton
              icon={<FileExcelOutlined />}
              verb="下载"
              download={() => downloadBulletin(b, 'annex')}
            >
              下载统计表（.xlsx）
            </DownloadButton>
            {b.abilities.edit ? (
              <Button
                icon={<SaveOutlined />}
                loading={save.isPending}
                onClick={() => void onSave()}
              >
                保存草稿
              </Button>
            ) : null}
            {b.abilities.issue ? (
              <Button type="primary" icon={<SendOutlined />} onClick={onIssue}>
                印发
              </Button>
            ) : null}
            {b.abilities.sign ? (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={sign.isPending}
                onClick={() =>
                  void sign
                    .mutateAsync()
                    .then(() => message.success('已签收'))
                    .catch((e: unknown) => void message.error(describeError(e)))
                }
              >
                签收
              </Button>
            ) : null}
          </>
        }
      />
      {b.status === 'issued' ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={`已于 ${formatDateTime(b.issuedAt)} 印发，正文已定稿。`}
          description={`数据哈希 ${b.snapshotHash.slice(0, 16)}…；正文哈希 ${b.documentHash?.slice(0, 16) ?? ''}…（均已写入审计链）`}
        />
      ) : null}

      <Flex gap={16} vertical>
        <Card title="正文" size="small">
          <Form form={form} layout="vertical" disabled={!b.abilities.edit}>
            <Form.Item
              name="title"
              label="标题"
              rules={[{ required: true, message: '请填写标题' }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            {NARRATIVE_SECTIONS.map((sec) =>
              b.abilities.edit ? (
                <Form.Item key={sec.key} name={sec.key} label={sec.label}>
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} aria-label={sec.label} />
                </Form.Item>
              ) : (
                <div key={sec.key} style={{ marginBottom: 12 }}>
                  <Typography.Text strong>{sec.label}</Typography.Text>
                  {b.narrative[sec.key]
                    .split('\n')
                    .filter(Boolean)
                    .map((p, i) => (
                      <Typography.Paragraph key={i} style={{ textIndent: '2em', margin: '4px 0' }}>
                        {p}
                      </Typography.Paragraph>
                    ))}
                </div>
              ),
            )}
          </Form>
        </Card>

        <Card
          title={`进展排名（全市 ${s.totals.problems} 个问题，已销号 ${s.totals.closed} 个，销号率 ${pct(s.totals.closureRate)}）`}
          size="small"
        >
          <Table<SupervisionRegionRow>
            rowKey="regionCode"
            size="small"
            pagination={false}
            dataSource={[...s.regions].sort((a, b2) => a.rank - b2.rank)}
            columns={[
              // A district with nothing to assess (rated: false) has no place, rate, score or light;
              // bulletins frozen before `rated` existed have none and read as rated.
              {
                title: '排名',
                dataIndex: 'rank',
                width: 60,
                render: ratedOnly((v: number) => v),
              },
              { title: '区县（功能区）', dataIndex: 'name' },
              { title: '问题数', dataIndex: 'problems' },
              { title: '已销号', dataIndex: 'closed' },
              { title: '销号率', dataIndex: 'closureRate', render: ratedOnly(pct) },
              { title: '逾期未销号', dataIndex: 'overdue' },
              { title: '群众满意率', dataIndex: 'satisfactionRate', render: pct },
              {
                title: '综合得分',
                dataIndex: 'score',
                render: ratedOnly(formatScore),
              },
              {
                title: '较上期',
                render: (_, r) =>
                  r.change
                    ? `${r.change.closureRatePoints >= 0 ? '+' : ''}${r.change.closureRatePoints.toFixed(1)} 个百分点，${
                        r.change.places === 0
                          ? '名次不变'
                          : r.change.places > 0
                            ? `上升${r.change.places}位`
                            : `下降${-r.change.places}位`
                      }`
                    : '—',
              },
              {
                title: '灯色',
                dataIndex: 'light',
                render: (l: SupervisionRegionRow['light'], r: SupervisionRegionRow) => (
                  <LightTag light={l} rated={r.rated} />
                ),
              },
            ]}
          />
        </Card>

        <Card title={`逾期未完成事项（${s.late.length}项）`} size="small">
          <DataTable<LateEntry>
            rowKey={(l) => `${l.kind}-${l.link}-${l.unit}-${l.what}`}
            size="small"
            pageSize={10}
            dataSource={s.late}
            columns={[
              { title: '责任单位', dataIndex: 'unit', width: 160 },
              { title: '事项', dataIndex: 'what' },
              {
                title: '类别',
                dataIndex: 'kind',
                width: 140,
                render: (k: LateEntry['kind']) => LATE_KIND_NAMES[k],
              },
              { title: '应完成日期', dataIndex: 'dueDate', width: 110 },
              { title: '逾期天数', dataIndex: 'daysLate', width: 90 },
            ]}
          />
        </Card>

        {b.status === 'issued' ? (
          <Card title={`签收情况（${b.signedCount}/${b.recipientCount}）`} size="small">
            <Table
              rowKey={(r) => `${r.unitKind}-${r.unitCode}`}
              size="small"
              pagination={false}
              dataSource={b.recipients}
              columns={[
                { title: '接收单位', dataIndex: 'unitName' },
                {
                  title: '签收',
                  dataIndex: 'signedAt',
                  render: (at: string | null) =>
                    at ? <Tag color="green">已签收</Tag> : <Tag color="red">未签收</Tag>,
                },
                { title: '签收时间', dataIndex: 'signedAt', render: formatDateTime },
                { title: '签收人', dataIndex: 'signedBy', render: (x: string | null) => x ?? '—' },
              ]}
            />
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
