import { useMemo, useState } from 'react';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Select, Table, Tag, Typography } from 'antd';
import type { Region, Zone } from '@zibo/shared';
import { api } from '../../api/client.ts';
import {
  referenceKeys,
  buildRegionChildrenQuery,
  useRegionChildren,
  useZones,
} from '../../api/reference.ts';
import { useAuth, useCityCode } from '../../shared/session.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { FormDialog } from '../../shared/kit/index.ts';

// Module-level so TanStack Query can keep the combined result stable between renders.
function combineStreetLists(results: { data?: Region[] | undefined; isPending: boolean }[]) {
  return { lists: results.map((r) => r.data ?? []), pending: results.some((r) => r.isPending) };
}

/** Every street of the city, grouped by district (zones group streets across districts). */
function useStreetsByDistrict() {
  const districts = useRegionChildren(useCityCode());
  const streetLists = useQueries({
    queries: (districts.data ?? []).map((d) => buildRegionChildrenQuery(d.code)),
    combine: combineStreetLists,
  });
  return useMemo(() => {
    const groups = (districts.data ?? []).map((d, i) => ({
      district: d,
      streets: streetLists.lists[i] ?? [],
    }));
    const nameOf = new Map<string, string>();
    for (const g of groups) {
      for (const s of g.streets) nameOf.set(s.code, `${g.district.name}${s.name}`);
    }
    return { groups, nameOf, loading: districts.isPending || streetLists.pending };
  }, [districts.data, districts.isPending, streetLists]);
}

/**
 * P3: the zones (高新区, 经济开发区, 文昌湖区) survey like districts; which streets each manages
 * is an administrator's setting, overlaid on the administrative tree.
 */
export function ZonesCard() {
  const { hasPermission } = useAuth();
  const canEdit = hasPermission('zones.manage');
  const zones = useZones();
  const streets = useStreetsByDistrict();
  const [editing, setEditing] = useState<Zone | null>(null);

  return (
    <Card title="功能区">
      <Typography.Paragraph type="secondary">
        功能区按镇街划定管辖范围，与行政区划叠加，排查摸底时与区县同样组织。
      </Typography.Paragraph>
      {zones.isError ? (
        <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />
      ) : (
        <Table<Zone>
          rowKey="code"
          size="small"
          loading={zones.isPending}
          dataSource={zones.data ?? []}
          pagination={false}
          aria-label="功能区"
          columns={[
            { title: '名称', dataIndex: 'name', key: 'name', width: 200 },
            {
              title: '管辖镇街',
              key: 'streets',
              render: (_: unknown, z: Zone) =>
                z.streetCodes.length === 0 ? (
                  <Typography.Text type="secondary">尚未设置</Typography.Text>
                ) : (
                  z.streetCodes.map((c) => <Tag key={c}>{streets.nameOf.get(c) ?? c}</Tag>)
                ),
            },
            ...(canEdit
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 90,
                    render: (_: unknown, z: Zone) => (
                      <Button
                        size="small"
                        onClick={() => setEditing(z)}
                        aria-label={`编辑${z.name}`}
                      >
                        编辑
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing ? (
        <ZoneEditor zone={editing} streets={streets} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}

type ZoneForm = { streetCodes: string[] };

function ZoneEditor(props: {
  zone: Zone;
  streets: ReturnType<typeof useStreetsByDistrict>;
  onClose: () => void;
}) {
  const { zone, streets, onClose } = props;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ZoneForm>();
  const save = useMutation({
    mutationFn: ({ streetCodes }: ZoneForm) =>
      api.put<Zone>(`/zones/${encodeURIComponent(zone.code)}`, {
        streetCodes,
        version: zone.version,
      }),
    onSuccess: async () => {
      void message.success(`已保存${zone.name}的管辖镇街`);
      await queryClient.invalidateQueries({ queryKey: referenceKeys.zones });
      await queryClient.invalidateQueries({ queryKey: ['regions', 'detail'] });
      onClose();
    },
  });

  const options = streets.groups.map((g) => ({
    label: g.district.name,
    title: g.district.name,
    options: g.streets.map((s: Region) => ({
      label: `${g.district.name} ${s.name}`,
      value: s.code,
    })),
  }));

  return (
    <FormDialog<ZoneForm>
      title={`编辑功能区：${zone.name}`}
      width={640}
      form={form}
      name="zone-editor"
      fields={['streetCodes']}
      initialValues={{ streetCodes: zone.streetCodes }}
      onSubmit={(v) => save.mutateAsync(v)}
      onClose={onClose}
    >
      <Form.Item label="管辖镇街" name="streetCodes">
        <Select
          mode="multiple"
          options={options}
          loading={streets.loading}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="选择该功能区管辖的镇街"
          allowClear
        />
      </Form.Item>
    </FormDialog>
  );
}
