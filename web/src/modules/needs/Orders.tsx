import { useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Tag, Timeline, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { orderStateNames, orderStates } from '../../../../contracts/needs.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { regionsApi } from '../org/api.js';
import { useAct } from '../party/useAct.js';
import { needsApi } from './api.js';
import { useNeedName } from './names.js';

type Order = Awaited<ReturnType<typeof needsApi.orders>>['items'][number];
export const ORDER_COLOURS: Record<string, string> = {
  ordered: 'gold',
  passed: 'blue',
  taken: 'cyan',
  assigned: 'purple',
  delivered: 'geekblue',
  rated: 'green',
  cancelled: 'default',
};
export const STEP_NAMES: Record<string, [string, string]> = {
  order: ['居民点单', 'Ordered'],
  pass: ['社区交单', 'Passed on'],
  take: ['单位领单', 'Taken'],
  decline: ['单位退单', 'Declined'],
  assign: ['派单', 'Assigned'],
  deliver: ['服务送达', 'Delivered'],
  rate: ['居民评价', 'Rated'],
  cancel: ['取消', 'Cancelled'],
};

/** 点单 board: the community's orders by state, 临期 and 超期 marked; 交单 to a unit; each order's steps. */
export function OrderBoard({ community }: { community: string }) {
  const name = useNeedName();
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('needs');
  const list = useQuery({
    queryKey: ['needs', 'orders', community],
    queryFn: () => needsApi.orders('community', community),
  });
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => regionsApi.agencies() });
  const [unit, setUnit] = useState<Record<number, number>>({});
  return (
    <Loaded query={list}>
      {(d) => (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {orderStates.map((s) => (
              <Tag key={s} color={ORDER_COLOURS[s]}>
                {orderStateNames[s][lang]}：{d.items.filter((o) => o.state === s).length}
              </Tag>
            ))}
            <Tag color="orange">
              {tx('临期', 'Due soon')}：{d.items.filter((o) => o.timing === 'warning').length}
            </Tag>
            <Tag color="red">
              {tx('超期', 'Overdue')}：{d.items.filter((o) => o.timing === 'overdue').length}
            </Tag>
          </Space>
          <Table<Order>
            data-testid="order-board"
            rowKey="id"
            size="small"
            dataSource={d.items}
            expandable={{
              expandedRowRender: (o) => (
                <Timeline
                  items={o.steps.map((s) => ({
                    children: `${dayjs(s.at).format('YYYY-MM-DD HH:mm')} ${STEP_NAMES[s.step]?.[lang === 'zh' ? 0 : 1] ?? s.step}${s.actor ? ` · ${s.actor}` : ''}${s.note ? `：${s.note}` : ''}`,
                  }))}
                />
              ),
            }}
            columns={[
              {
                title: tx('服务', 'Service'),
                render: (_, o) => (
                  <>
                    {o.service}
                    <div style={{ color: '#595959' }}>{o.provider}</div>
                  </>
                ),
              },
              { title: tx('点单居民', 'Ordered by'), dataIndex: 'orderer' },
              { title: tx('备注', 'Note'), dataIndex: 'note' },
              {
                title: tx('状态', 'State'),
                render: (_, o) => (
                  <Space size={4}>
                    <Tag color={ORDER_COLOURS[o.state]}>{name(o.stateName)}</Tag>
                    {o.timing === 'warning' && <Tag color="orange">{tx('临期', 'Due soon')}</Tag>}
                    {o.timing === 'overdue' && <Tag color="red">{tx('超期', 'Overdue')}</Tag>}
                  </Space>
                ),
              },
              { title: tx('承接单位', 'Unit'), render: (_, o) => o.unit ?? '' },
              { title: tx('服务人员', 'Sent'), render: (_, o) => o.assignee ?? '' },
              {
                title: tx('本步时限', 'Step due'),
                render: (_, o) =>
                  o.dueAt ? (
                    <Tooltip title={dayjs(o.dueAt).format('YYYY-MM-DD HH:mm')}>
                      {dayjs(o.dueAt).format('MM-DD HH:mm')}
                    </Tooltip>
                  ) : (
                    ''
                  ),
              },
              { title: tx('评价', 'Rating'), render: (_, o) => (o.rating ? `${o.rating} ★` : '') },
              {
                title: tx('交单', 'Pass on'),
                render: (_, o) =>
                  o.can.includes('pass') ? (
                    <Space>
                      <Select
                        size="small"
                        showSearch
                        optionFilterProp="label"
                        aria-label={tx('承接单位', 'Unit')}
                        placeholder={tx('选择单位', 'Pick a unit')}
                        style={{ width: 180 }}
                        value={unit[o.id]}
                        onChange={(v: number) => setUnit({ ...unit, [o.id]: v })}
                        options={(agencies.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
                      />
                      <Button
                        size="small"
                        type="primary"
                        disabled={unit[o.id] === undefined}
                        data-testid={`pass-${o.id}`}
                        onClick={() =>
                          act(
                            () => needsApi.step(o.id, { step: 'pass', agencyId: unit[o.id] ?? 0 }),
                            tx('已交单', 'Passed on'),
                          )
                        }
                      >
                        {tx('交单', 'Pass')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
