import { useQuery } from '@tanstack/react-query';
import {
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { facilityKindNames, facilityKinds, type FacilityKind } from '../../../../contracts/stations.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { Canteen } from './Canteen.js';
import { dayFromToday, openText, stationsApi, whenText, type StationDetail } from './api.js';
import { StationForm } from './StationForm.js';

const hhmm = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
const REASONS = { elderly: '高龄老人', disabled: '残疾人', ill: '患病', other: '其他' } as const;
const PROXY_STATES: Record<string, string> = {
  received: '已收件办理中',
  done: '已办结待归还',
  returned: '材料已归还签收',
};

/** 借出: one of a thing to a named person. */
function Lend({ d }: { d: StationDetail }) {
  const tx = useTx();
  const act = useAct('stations');
  return (
    <FormModal<{ facilityId: number; borrower: string }>
      label={tx('登记借出', 'Lend')}
      testId="lend"
      title={tx('登记借出', 'Lend')}
      okText={tx('保存', 'Save')}
      onSubmit={(v) => act(() => stationsApi.lend(d.station.streetId, v), tx('已登记借出', 'Lent'))}
    >
      <Form.Item name="facilityId" label={tx('物品', 'Thing')} rules={[{ required: true }]}>
        <Select
          options={d.station.facilities.map((f) => ({
            value: f.id,
            label: `${f.name}（可借 ${f.available}）`,
            disabled: !f.available,
          }))}
        />
      </Form.Item>
      <Form.Item name="borrower" label={tx('借用人', 'Borrower')} rules={[{ required: true, max: 30 }]}>
        <Input placeholder={tx('如：外卖骑手王师傅', 'e.g. a rider')} />
      </Form.Item>
    </FormModal>
  );
}

/** 设施: add a thing to lend, or change how many there are. */
function Facility({ d }: { d: StationDetail }) {
  const tx = useTx();
  const act = useAct('stations');
  return (
    <FormModal<{ kind: FacilityKind; name: string; stock: number }>
      label={tx('物品与数量', 'Things and stock')}
      testId="facility"
      title={tx('可借物品', 'Things to lend')}
      okText={tx('保存', 'Save')}
      initialValues={{ kind: 'umbrella', name: '爱心雨伞', stock: 10 }}
      onSubmit={(v) => act(() => stationsApi.setFacility(d.station.streetId, d.station.id, v), tx('已保存', 'Saved'))}
    >
      <Form.Item name="kind" label={tx('类别', 'Kind')} rules={[{ required: true }]}>
        <Select options={facilityKinds.map((k) => ({ value: k, label: facilityKindNames[k].zh }))} />
      </Form.Item>
      <Form.Item name="name" label={tx('名称（同名即修改数量）', 'Name')} rules={[{ required: true, max: 30 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="stock" label={tx('总数', 'Stock')} rules={[{ required: true }]}>
        <InputNumber min={0} max={10000} />
      </Form.Item>
    </FormModal>
  );
}

/** 代办: a worker takes a service on for a resident who cannot come, logging the materials. */
function TakeProxy({ d }: { d: StationDetail }) {
  const tx = useTx();
  const act = useAct('stations');
  const items = useQuery({
    queryKey: ['stations', 'catalogue', d.station.streetId],
    queryFn: () => stationsApi.catalogue(d.station.streetId),
  }).data;
  return (
    <FormModal<{ itemId: number; resident: string; reason: string; materials: string }>
      label={tx('登记代办', 'New proxy request')}
      testId="take-proxy"
      title={tx('登记代办事项', 'Proxy service')}
      okText={tx('保存', 'Save')}
      initialValues={{ reason: 'elderly' }}
      onSubmit={(v) =>
        act(
          () =>
            stationsApi.takeProxy(d.station.streetId, d.station.id, {
              itemId: v.itemId,
              resident: v.resident,
              reason: v.reason,
              materials: (v.materials ?? '').split(/[、,，\s]+/).filter(Boolean),
            }),
          tx('已登记', 'Taken'),
        )
      }
    >
      <Form.Item name="itemId" label={tx('代办事项', 'Service')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={(items?.items ?? [])
            .filter((i) => i.channels.includes('proxy'))
            .map((i) => ({ value: i.id, label: i.name }))}
        />
      </Form.Item>
      <Form.Item name="resident" label={tx('居民姓名', 'Resident')} rules={[{ required: true, max: 30 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="reason" label={tx('代办原因', 'Why')}>
        <Select options={Object.entries(REASONS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="materials" label={tx('收取材料（顿号分开）', 'Materials received')}>
        <Input placeholder="身份证、户口簿" />
      </Form.Item>
    </FormModal>
  );
}

function Body({ d, day, setDay }: { d: StationDetail; day: string; setDay: (d: string) => void }) {
  const tx = useTx();
  const act = useAct('stations');
  const s = d.station;
  const street = s.streetId;
  return (
    <Tabs
      items={[
        {
          key: 'about',
          label: tx('概况', 'About'),
          children: (
            <>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={tx('类型', 'Kind')}>{s.kindName}</Descriptions.Item>
                <Descriptions.Item label={tx('地址', 'Address')}>{s.address}</Descriptions.Item>
                <Descriptions.Item label={tx('服务范围', 'Serves')}>{s.regionName}</Descriptions.Item>
                <Descriptions.Item label={tx('现在', 'Now')}>
                  <Tag color={s.now.open ? 'green' : 'default'}>{openText(s)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={tx('开放时间', 'Hours')}>
                  {s.hoursText.map((l) => (
                    <div key={l}>{l}</div>
                  ))}
                </Descriptions.Item>
                <Descriptions.Item label={tx('联系', 'Contact')}>
                  {[s.contactName, s.contactPhone].filter(Boolean).join(' ')}
                </Descriptions.Item>
              </Descriptions>
              <Space style={{ margin: '12px 0' }}>
                {d.canServe && s.facilities.length > 0 && <Lend d={d} />}
                {d.canManage && <Facility d={d} />}
                {d.canManage && <StationForm region={s.region} station={s} />}
              </Space>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={s.facilities}
                columns={[
                  { title: tx('物品', 'Thing'), dataIndex: 'name' },
                  { title: tx('总数', 'Stock'), dataIndex: 'stock' },
                  { title: tx('借出', 'Out'), dataIndex: 'onLoan' },
                  { title: tx('可借', 'Left'), dataIndex: 'available' },
                ]}
              />
            </>
          ),
        },
        {
          key: 'day',
          label: tx(`预约（${d.appointments.filter((a) => a.state !== 'cancelled').length}）`, 'Appointments'),
          children: (
            <>
              <DatePicker value={dayjs(day)} onChange={(v) => v && setDay(v.format('YYYY-MM-DD'))} allowClear={false} />
              <div style={{ margin: '8px 0', color: '#666' }}>
                {d.slots.length
                  ? tx(
                      `当天 ${d.slots.length} 个时段，已约 ${d.slots.reduce((n, x) => n + x.booked, 0)} / ${d.slots.reduce((n, x) => n + x.capacity, 0)}`,
                      `${d.slots.length} slots`,
                    )
                  : tx('当天不开放', 'Closed that day')}
              </div>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d.appointments}
                data-testid="day-appointments"
                columns={[
                  { title: tx('时间', 'Time'), render: (_: unknown, a) => hhmm(a.startsAt) },
                  { title: tx('居民', 'Resident'), dataIndex: 'who' },
                  { title: tx('事项', 'Service'), dataIndex: 'item' },
                  { title: tx('状态', 'State'), dataIndex: 'stateName' },
                  {
                    title: '',
                    render: (_: unknown, a) =>
                      a.state === 'booked' &&
                      d.canServe && (
                        <Space size={0}>
                          <Button
                            type="link"
                            size="small"
                            onClick={() =>
                              void act(() => stationsApi.attend(street, a.id, 'checked_in'), tx('已签到', 'Checked in'))
                            }
                          >
                            {tx('签到', 'Check in')}
                          </Button>
                          {new Date(a.startsAt).getTime() < Date.now() && (
                            <Button
                              type="link"
                              size="small"
                              onClick={() =>
                                void act(() => stationsApi.attend(street, a.id, 'no_show'), tx('已记爽约', 'No-show'))
                              }
                            >
                              {tx('爽约', 'No-show')}
                            </Button>
                          )}
                          <Popconfirm
                            title={tx('取消该预约？', 'Cancel it?')}
                            onConfirm={() =>
                              void act(() => stationsApi.cancel(street, a.id), tx('已取消', 'Cancelled'))
                            }
                          >
                            <Button type="link" size="small">
                              {tx('取消', 'Cancel')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                  },
                ]}
              />
            </>
          ),
        },
        ...(s.kind === 'canteen' && d.canServe
          ? [{ key: 'canteen', label: tx('助餐', 'Meals'), children: <Canteen street={street} id={s.id} /> }]
          : []),
        {
          key: 'loans',
          label: tx('借用记录', 'Loans'),
          children: (
            <Table
              rowKey="id"
              size="small"
              dataSource={d.loans}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: tx('物品', 'Thing'), dataIndex: 'facility' },
                { title: tx('借用人', 'Borrower'), dataIndex: 'borrower' },
                { title: tx('借出', 'Lent'), render: (_: unknown, l) => whenText(l.lentAt) },
                { title: tx('经办', 'By'), dataIndex: 'lentBy' },
                {
                  title: tx('归还', 'Back'),
                  render: (_: unknown, l) =>
                    l.returnedAt ? (
                      whenText(l.returnedAt)
                    ) : d.canServe ? (
                      <Button
                        size="small"
                        onClick={() => void act(() => stationsApi.giveBack(street, l.id), tx('已归还', 'Returned'))}
                      >
                        {tx('登记归还', 'Returned')}
                      </Button>
                    ) : (
                      <Tag color="orange">{tx('未还', 'Out')}</Tag>
                    ),
                },
              ]}
            />
          ),
        },
        {
          key: 'proxy',
          label: tx('代办', 'Proxy'),
          children: (
            <>
              {d.canServe && <TakeProxy d={d} />}
              <Table
                rowKey="id"
                size="small"
                style={{ marginTop: 8 }}
                dataSource={d.proxies}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: tx('事项', 'Service'), dataIndex: 'item' },
                  { title: tx('居民', 'Resident'), dataIndex: 'resident' },
                  {
                    title: tx('材料', 'Materials'),
                    render: (_: unknown, p) => p.materials.map((m) => m.name).join('、'),
                  },
                  { title: tx('经办人', 'Worker'), dataIndex: 'worker' },
                  {
                    title: tx('状态', 'State'),
                    render: (_: unknown, p) =>
                      `${PROXY_STATES[p.state] ?? p.state}${p.signedBy ? `（${p.signedBy}签收）` : ''}`,
                  },
                  {
                    title: '',
                    render: (_: unknown, p) =>
                      d.canServe && p.state === 'received' ? (
                        <Button
                          size="small"
                          onClick={() =>
                            void act(
                              () => stationsApi.advanceProxy(street, p.id, { state: 'done' }),
                              tx('已办结', 'Done'),
                            )
                          }
                        >
                          {tx('办结', 'Done')}
                        </Button>
                      ) : d.canServe && p.state === 'done' ? (
                        <ReturnProxy street={street} id={p.id} />
                      ) : null,
                  },
                ]}
              />
            </>
          ),
        },
      ]}
    />
  );
}

function ReturnProxy({ street, id }: { street: string; id: number }) {
  const tx = useTx();
  const act = useAct('stations');
  return (
    <FormModal<{ signedBy: string }>
      small
      label={tx('归还材料', 'Hand back')}
      title={tx('归还材料并签收', 'Hand back the materials')}
      okText={tx('保存', 'Save')}
      onSubmit={(v) =>
        act(
          () => stationsApi.advanceProxy(street, id, { state: 'returned', signedBy: v.signedBy }),
          tx('已归还签收', 'Returned'),
        )
      }
    >
      <Form.Item name="signedBy" label={tx('签收人（居民或家属）', 'Signed by')} rules={[{ required: true, max: 30 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

/** A station's page: hours, things to lend and their loans, the day's appointments, 代办. */
export function StationDrawer({ street, id, onClose }: { street: string; id: number; onClose: () => void }) {
  const [day, setDay] = useState(dayFromToday(0));
  const q = useQuery({
    queryKey: ['stations', 'detail', street, id, day],
    queryFn: () => stationsApi.detail(street, id, day),
  });
  return (
    <Drawer open width={760} onClose={onClose} title={q.data?.station.name ?? ''}>
      <Loaded query={q}>{(d) => <Body d={d} day={day} setDay={setDay} />}</Loaded>
    </Drawer>
  );
}
