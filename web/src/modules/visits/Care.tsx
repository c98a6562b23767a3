import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import {
  careServiceNames,
  careServices,
  careStateNames,
  careStates,
  deviceKindNames,
  helperKindNames,
  helperKinds,
} from '../../../../contracts/care.js';
import { careLevelNames, careLevels, frequencyNames } from '../../../../contracts/visits.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { registryApi } from '../registry/api.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { careApi } from './careApi.js';

type Subject = Awaited<ReturnType<typeof careApi.subjects>>['items'][number];
export const LEVEL_COLOURS: Record<string, string> = { high: 'red', key: 'orange', general: 'blue' };
export const STATE_COLOURS: Record<string, string> = { ok: 'green', due: 'gold', overdue: 'red', escalated: 'magenta' };

/** Acts, tells how it went, and refreshes what care shows. */
export const useCareAct = () => useAct('care');

/** 关爱对象: the community's care subjects with their level, interval, last care visit and whether it is overdue. */
export function CareSubjects({
  community,
  params,
  set,
}: {
  community: string;
  params: URLSearchParams;
  set: (p: Record<string, string | undefined>) => void;
}) {
  const tx = useTx();
  const { lang } = useI18n();
  const level = params.get('level') ?? undefined;
  const state = params.get('state') ?? undefined;
  const list = useQuery({
    queryKey: ['care', 'subjects', community, level, state],
    queryFn: () => careApi.subjects({ community, level, state }),
  });
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Loaded query={list}>
      {(data) => (
        <>
          <Space wrap style={{ marginBottom: 12 }} data-testid="care-counts">
            {careStates.map((s) => (
              <Tag key={s} color={STATE_COLOURS[s]}>
                {careStateNames[s][lang]}：{data.counts[s] ?? 0}
              </Tag>
            ))}
            <Select
              allowClear
              aria-label={tx('关爱等级', 'Level')}
              placeholder={tx('关爱等级', 'Level')}
              style={{ width: 120 }}
              value={level}
              onChange={(v?: string) => set({ level: v })}
              options={careLevels.map((l) => ({
                value: l,
                label: `${careLevelNames[l][lang]}（${data.counts[l] ?? 0}）`,
              }))}
            />
            <Select
              allowClear
              aria-label={tx('走访状态', 'State')}
              data-testid="care-state-filter"
              placeholder={tx('走访状态', 'State')}
              style={{ width: 160 }}
              value={state}
              onChange={(v?: string) => set({ state: v })}
              options={careStates.map((s) => ({ value: s, label: careStateNames[s][lang] }))}
            />
          </Space>
          <Table<Subject>
            data-testid="care-subjects"
            rowKey="id"
            size="small"
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20 }}
            dataSource={data.items}
            onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: tx('姓名', 'Name'), dataIndex: 'name', className: 'nowrap' },
              {
                title: tx('年龄', 'Age'),
                dataIndex: 'age',
                className: 'nowrap',
                render: (v: number | null) => v ?? '—',
              },
              { title: tx('住址', 'Address'), dataIndex: 'address', className: 'nowrap' },
              { title: tx('网格', 'Grid'), dataIndex: 'grid', className: 'nowrap' },
              {
                title: tx('等级', 'Level'),
                className: 'nowrap',
                render: (_, r) => (
                  <Tooltip
                    title={r.overrideReason ? `${tx('手动调整', 'Set by hand')}：${r.overrideReason}` : undefined}
                  >
                    <Tag color={LEVEL_COLOURS[r.level]}>
                      {careLevelNames[r.level][lang]}
                      {r.overrideReason ? ' *' : ''}
                    </Tag>
                  </Tooltip>
                ),
              },
              {
                title: tx('走访频次', 'Interval'),
                className: 'nowrap',
                render: (_, r) => frequencyNames[r.frequency][lang],
              },
              {
                title: tx('上次关爱走访', 'Last care visit'),
                dataIndex: 'lastCareOn',
                className: 'nowrap',
                render: (v) => v ?? '—',
              },
              { title: tx('应走访日期', 'Due by'), dataIndex: 'dueOn', className: 'nowrap' },
              {
                title: tx('状态', 'State'),
                className: 'nowrap',
                render: (_, r) => <Tag color={STATE_COLOURS[r.state]}>{careStateNames[r.state][lang]}</Tag>,
              },
              {
                title: tx('结对帮扶', 'Helpers'),
                className: 'nowrap',
                render: (_, r) =>
                  r.helpers.length ? r.helpers.map((h) => h.name).join('、') : <Tag>{tx('未结对', 'None')}</Tag>,
              },
              { title: tx('设备', 'Devices'), dataIndex: 'devices', className: 'nowrap' },
            ]}
          />
          {open !== null && (
            <SubjectDrawer id={open} canManage={data.canManage} community={community} onClose={() => setOpen(null)} />
          )}
        </>
      )}
    </Loaded>
  );
}

type PlanForm = {
  level?: string;
  overrideReason?: string;
  services: string[];
  emergencyName?: string;
  emergencyPhone?: string;
  note?: string;
};
type HelperForm = { kind: string; residentId?: number; name: string };

/** A subject's plan: level, services, emergency contact, helpers (pair and end), the helpers' visits, devices. */
function SubjectDrawer({
  id,
  canManage,
  community,
  onClose,
}: {
  id: number;
  canManage: boolean;
  community: string;
  onClose: () => void;
}) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useCareAct();
  const detail = useQuery({ queryKey: ['care', 'subject', id], queryFn: () => careApi.subject(id) });
  const [q, setQ] = useState('');
  const [helperForm] = Form.useForm<HelperForm>();
  const found = useQuery({
    queryKey: ['registry', 'residents', community, q],
    queryFn: () => registryApi.residents({ region: community, q }),
    enabled: q.length >= 2,
  });
  return (
    <Drawer open width={640} title={tx('关爱对象', 'Care subject')} onClose={onClose} data-testid="care-drawer">
      <Loaded query={detail}>
        {(s) => (
          <>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={tx('姓名', 'Name')}>
                {s.name}
                {s.age !== null ? `（${s.age}${tx('岁', '')}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={tx('住址', 'Address')}>{s.address}</Descriptions.Item>
              <Descriptions.Item label={tx('关爱等级', 'Level')}>
                <Tag color={LEVEL_COLOURS[s.level]}>{careLevelNames[s.level][lang]}</Tag>
                {s.overrideReason
                  ? `${tx('手动调整', 'Set by hand')}：${s.overrideReason}`
                  : tx('按标签与年龄计算', 'From tags and age')}
              </Descriptions.Item>
              <Descriptions.Item label={tx('走访', 'Visits')}>
                {frequencyNames[s.frequency][lang]} · {tx('上次', 'last')} {s.lastCareOn ?? '—'} ·{' '}
                {tx('应于', 'due by')} {s.dueOn}{' '}
                <Tag color={STATE_COLOURS[s.state]}>{careStateNames[s.state][lang]}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={tx('服务', 'Services')}>
                {s.services.length ? s.services.map((x) => careServiceNames[x][lang]).join('、') : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={tx('紧急联系人', 'Emergency contact')}>
                {s.emergencyName ? `${s.emergencyName} ${s.emergencyPhone ?? ''}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={tx('关护设备', 'Devices')}>
                {s.deviceList.length
                  ? s.deviceList.map((d) => (
                      <Tag key={d.id} color={d.online ? 'green' : 'red'}>
                        {deviceKindNames[d.kind][lang]} {d.serial}{' '}
                        {d.online ? tx('在线', 'online') : tx('离线', 'offline')}
                      </Tag>
                    ))
                  : '—'}
              </Descriptions.Item>
            </Descriptions>
            {canManage && (
              <Space style={{ margin: '12px 0' }}>
                <FormModal<PlanForm>
                  label={tx('调整关爱计划', 'Change the plan')}
                  testId="care-plan-edit"
                  title={tx('关爱计划', 'Care plan')}
                  okText={tx('保存', 'Save')}
                  initialValues={{
                    services: s.services,
                    emergencyName: s.emergencyName ?? undefined,
                    note: s.note,
                    ...(s.overrideReason ? { level: s.level, overrideReason: s.overrideReason } : {}),
                  }}
                  onSubmit={(v) =>
                    act(
                      () =>
                        careApi.patch(id, {
                          level: v.level ?? null,
                          ...(v.level ? { overrideReason: v.overrideReason ?? '' } : {}),
                          services: v.services,
                          ...(v.emergencyName ? { emergencyName: v.emergencyName } : {}),
                          ...(v.emergencyPhone ? { emergencyPhone: v.emergencyPhone } : {}),
                          note: v.note ?? '',
                        }),
                      tx('关爱计划已保存', 'Plan saved'),
                    )
                  }
                >
                  <Form.Item
                    name="level"
                    label={tx('手动设定等级（不设则按标签计算）', 'Level by hand (empty: from tags)')}
                  >
                    <Select
                      allowClear
                      options={careLevels.map((l) => ({ value: l, label: careLevelNames[l][lang] }))}
                    />
                  </Form.Item>
                  <Form.Item name="overrideReason" label={tx('调整理由', 'Reason')}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name="services" label={tx('服务项目', 'Services')}>
                    <Select
                      mode="multiple"
                      options={careServices.map((x) => ({ value: x, label: careServiceNames[x][lang] }))}
                    />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name="emergencyName" label={tx('紧急联系人', 'Emergency contact')}>
                      <Input maxLength={30} />
                    </Form.Item>
                    <Form.Item name="emergencyPhone" label={tx('联系电话（留空不变）', 'Phone (empty: unchanged)')}>
                      <Input maxLength={11} />
                    </Form.Item>
                  </Space>
                  <Form.Item name="note" label={tx('备注', 'Note')}>
                    <Input.TextArea rows={2} maxLength={500} />
                  </Form.Item>
                </FormModal>
                <FormModal<HelperForm>
                  form={helperForm}
                  label={tx('添加结对人', 'Pair a helper')}
                  testId="care-add-helper"
                  title={tx('结对帮扶', 'Pair a helper')}
                  okText={tx('结对', 'Pair')}
                  initialValues={{ kind: 'party_member' }}
                  onSubmit={(v) =>
                    act(
                      () => careApi.addHelper(id, { kind: v.kind, residentId: v.residentId ?? null, name: v.name }),
                      tx('已结对', 'Paired'),
                    )
                  }
                >
                  <Form.Item name="kind" label={tx('结对人类型', 'Kind')}>
                    <Select options={helperKinds.map((k) => ({ value: k, label: helperKindNames[k][lang] }))} />
                  </Form.Item>
                  <Form.Item
                    name="residentId"
                    label={tx('本社区居民（按姓名查找）', 'Resident here (find by name)')}
                    rules={[{ required: true, message: tx('请选择结对居民', 'Pick the helper') }]}
                  >
                    <Select
                      showSearch
                      filterOption={false}
                      onSearch={setQ}
                      onChange={(rid: number) => {
                        const r = found.data?.items.find((x) => x.id === rid);
                        if (r) helperForm.setFieldValue('name', r.name);
                      }}
                      notFoundContent={
                        q.length < 2 ? tx('输入至少两个字', 'Type two characters') : tx('未找到', 'None found')
                      }
                      options={(found.data?.items ?? []).map((r) => ({
                        value: r.id,
                        label: `${r.name} · ${r.address ?? ''}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name="name"
                    label={tx('姓名', 'Name')}
                    rules={[{ required: true, min: 2, message: tx('请填写姓名', 'Name them') }]}
                  >
                    <Input />
                  </Form.Item>
                </FormModal>
              </Space>
            )}
            <h4>{tx('结对帮扶', 'Helpers')}</h4>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={s.helpers}
              locale={{ emptyText: <span style={{ color: '#595959' }}>{tx('尚未结对', 'No helper yet')}</span> }}
              columns={[
                { title: tx('姓名', 'Name'), dataIndex: 'name' },
                { title: tx('类型', 'Kind'), render: (_, h) => helperKindNames[h.kind][lang] },
                {
                  title: tx('操作', 'Actions'),
                  render: (_, h) =>
                    canManage ? (
                      <Button
                        size="small"
                        type="link"
                        onClick={() => void act(() => careApi.removeHelper(id, h.id), tx('已解除结对', 'Ended'))}
                      >
                        {tx('解除', 'End')}
                      </Button>
                    ) : null,
                },
              ]}
            />
            <h4 style={{ marginTop: 16 }}>{tx('结对人走访记录', 'Helpers’ visits')}</h4>
            <Table
              rowKey="at"
              size="small"
              pagination={false}
              dataSource={s.checkins}
              locale={{ emptyText: <span style={{ color: '#595959' }}>{tx('暂无记录', 'None yet')}</span> }}
              columns={[
                {
                  title: tx('时间', 'When'),
                  dataIndex: 'at',
                  render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }),
                },
                { title: tx('结对人', 'Helper'), dataIndex: 'helper' },
                { title: tx('情况', 'Notes'), dataIndex: 'notes' },
              ]}
            />
          </>
        )}
      </Loaded>
    </Drawer>
  );
}
