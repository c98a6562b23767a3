import { useQuery } from '@tanstack/react-query';
import { Button, Col, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { alarmStateNames, alarmStates, deviceKindNames } from '../../../../contracts/care.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { useCareAct } from './Care.js';
import { careApi } from './careApi.js';

type Alarm = Awaited<ReturnType<typeof careApi.alarms>>['items'][number];
const COLOURS: Record<string, string> = { open: 'red', acknowledged: 'gold', closed: 'default' };

/** 告警看板: the care devices' alarms — open first, acknowledged, closed — with time to first response. */
export function AlarmsBoard({
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
  const act = useCareAct();
  const minutes = (s: number | null) =>
    s === null ? '—' : s < 60 ? tx(`${s} 秒`, `${s} s`) : tx(`${Math.round(s / 60)} 分钟`, `${Math.round(s / 60)} min`);
  const state = params.get('state') ?? undefined;
  const board = useQuery({
    queryKey: ['care', 'alarms', community, state],
    queryFn: () => careApi.alarms(community, state),
    refetchInterval: 10_000, // a new alarm shows within seconds
  });
  return (
    <Loaded query={board}>
      {(data) => (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }} data-testid="alarm-figures">
            <Col span={6}>
              <Statistic title={tx('待响应', 'Open')} value={data.counts.open ?? 0} valueStyle={{ color: '#c8102e' }} />
            </Col>
            <Col span={6}>
              <Statistic title={tx('已响应未关闭', 'Acknowledged')} value={data.counts.acknowledged ?? 0} />
            </Col>
            <Col span={6}>
              <Statistic
                title={tx('首次响应用时（中位数）', 'Median time to first response')}
                value={minutes(data.medianResponseSeconds)}
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={tx('关护设备（离线）', 'Devices (offline)')}
                value={`${data.devices.total}（${data.devices.offline}）`}
              />
            </Col>
          </Row>
          <Space style={{ marginBottom: 12 }}>
            <Select
              allowClear
              aria-label={tx('告警状态', 'State')}
              placeholder={tx('告警状态', 'State')}
              style={{ width: 140 }}
              value={state}
              onChange={(v?: string) => set({ state: v })}
              options={alarmStates.map((s) => ({ value: s, label: alarmStateNames[s][lang] }))}
            />
            <span style={{ color: '#555' }}>
              {tx('显示全部未关闭告警及近 90 天告警', 'Open alarms and the last 90 days')}
            </span>
          </Space>
          <Table<Alarm>
            data-testid="alarm-board"
            rowKey="id"
            size="small"
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20 }}
            dataSource={data.items}
            columns={[
              {
                title: tx('时间', 'Raised'),
                dataIndex: 'raisedAt',
                className: 'nowrap',
                render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }),
              },
              {
                title: tx('告警', 'Alarm'),
                className: 'nowrap',
                render: (_, a) => (
                  <Tag color={a.kind === 'offline' ? 'default' : 'volcano'}>{deviceKindNames[a.kind][lang]}</Tag>
                ),
              },
              { title: tx('对象', 'Subject'), dataIndex: 'subject', className: 'nowrap' },
              { title: tx('住址', 'Address'), dataIndex: 'address', className: 'nowrap' },
              { title: tx('设备', 'Device'), dataIndex: 'serial', className: 'nowrap' },
              {
                title: tx('状态', 'State'),
                className: 'nowrap',
                render: (_, a) => <Tag color={COLOURS[a.state]}>{alarmStateNames[a.state][lang]}</Tag>,
              },
              {
                title: tx('重复', 'Repeats'),
                dataIndex: 'repeats',
                className: 'nowrap',
                render: (n: number) => (n ? tx(`再次告警 ${n} 次`, `${n} more`) : '—'),
              },
              {
                title: tx('首次响应', 'First response'),
                className: 'nowrap',
                render: (_, a) =>
                  a.responseSeconds === null
                    ? '—'
                    : `${minutes(a.responseSeconds)}${a.acknowledgedBy ? ` · ${a.acknowledgedBy}` : ''}`,
              },
              {
                title: tx('案件', 'Case'),
                className: 'nowrap',
                render: (_, a) => (a.caseId ? <Link to={`/cases/${a.caseId}`}>{tx('查看案件', 'Open')}</Link> : '—'),
              },
              {
                title: tx('操作', 'Actions'),
                className: 'nowrap',
                render: (_, a) => (
                  <Space>
                    {a.state === 'open' && (
                      <Button
                        size="small"
                        type="primary"
                        data-testid={`alarm-ack-${a.id}`}
                        onClick={() => void act(() => careApi.act(a.id, 'acknowledge'), tx('已响应', 'Acknowledged'))}
                      >
                        {tx('响应', 'Acknowledge')}
                      </Button>
                    )}
                    {a.state !== 'closed' && (
                      <Button
                        size="small"
                        onClick={() => void act(() => careApi.act(a.id, 'close'), tx('告警已关闭', 'Closed'))}
                      >
                        {tx('关闭', 'Close')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
