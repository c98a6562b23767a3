import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { boardStateNames } from '../../../../contracts/party.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { partyApi } from './api.js';
import { DecideControls, STATE_COLOURS as COLOURS } from './Board.js';
import { FormModal } from './FormModal.js';
import { useAct } from './useAct.js';

type Item = Awaited<ReturnType<typeof partyApi.unitReports>>['items'][number];
type Mine = Awaited<ReturnType<typeof partyApi.myUnitReports>>['items'][number];

/** The two columns both tables share: where the report stands, and this year's services. */
function useColumns() {
  const tx = useTx();
  const { lang } = useI18n();
  return [
    {
      title: tx('状态', 'State'),
      className: 'nowrap',
      render: (_: unknown, r: Item) => <Tag color={COLOURS[r.state]}>{boardStateNames[r.state][lang]}</Tag>,
    },
    { title: tx('岗位', 'Post'), dataIndex: 'post', className: 'nowrap', render: (v: string | null) => v ?? '—' },
    {
      title: tx('本年服务', 'This year'),
      className: 'nowrap',
      render: (_: unknown, r: Item) =>
        tx(
          `${r.servicesThisYear} 次 / ${r.personHoursThisYear} 人·小时`,
          `${r.servicesThisYear} / ${r.personHoursThisYear} person-hours`,
        ),
    },
  ];
}

/** 单位报到 on the community's 双报到 board: units' branches waiting, serving, silent; approval with a post. */
export function UnitBoard({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct();
  const shared = useColumns();
  const board = useQuery({
    queryKey: ['party', 'unit-reports', community],
    queryFn: () => partyApi.unitReports(community),
  });
  const posts = useQuery({ queryKey: ['party', 'posts', community], queryFn: () => partyApi.posts(community) });
  return (
    <Loaded query={board}>
      {(data) => (
        <>
          <h3 style={{ marginTop: 24 }}>
            {tx('单位党组织报到', 'Units’ branches reported')}{' '}
            {Object.entries(data.counts).map(([k, n]) => (
              <Tag key={k} color={COLOURS[k]}>
                {boardStateNames[k as 'serving']?.[lang] ?? k}：{n}
              </Tag>
            ))}
          </h3>
          <Table<Item>
            data-testid="party-unit-board"
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10 }}
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            columns={[
              { title: tx('单位', 'Unit'), dataIndex: 'unit', className: 'nowrap' },
              { title: tx('党组织', 'Branch'), dataIndex: 'branch', className: 'nowrap', render: (v) => v ?? '—' },
              { title: tx('报到党员数', 'Members'), dataIndex: 'members', className: 'nowrap' },
              ...shared,
              { title: tx('说明', 'Note'), dataIndex: 'note' },
              {
                title: tx('操作', 'Actions'),
                className: 'nowrap',
                render: (_, r) =>
                  data.canDecide && r.state === 'requested' ? (
                    <DecideControls
                      id={r.id}
                      testPrefix="party-unit"
                      posts={posts.data?.items ?? []}
                      onDecide={(approve, postId) =>
                        void act(
                          () => partyApi.decideUnitReport(r.id, { approve, postId }),
                          approve ? tx('已通过，岗位已设定', 'Approved with a post') : tx('已退回', 'Turned down'),
                        )
                      }
                    />
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}

/** 我的共建 · 支部双报到: the unit reports its branch to a community and records the branch's services. */
export function MyUnitReports() {
  const tx = useTx();
  const act = useAct();
  const shared = useColumns();
  const mine = useQuery({ queryKey: ['party', 'my-unit-reports'], queryFn: () => partyApi.myUnitReports() });
  return (
    <Loaded query={mine}>
      {(data) => (
        <>
          <h3 style={{ marginTop: 24 }}>
            {tx('支部双报到', 'Our branch reports to communities')}{' '}
            <FormModal<{ community: string; members: number; note?: string }>
              label={tx('向社区报到', 'Report to a community')}
              testId="unit-report-new"
              title={tx('单位党组织到社区报到', 'Report our branch to a community')}
              okText={tx('提交报到', 'Report')}
              onSubmit={(v) =>
                act(() => partyApi.reportUnit(v), tx('已提交，等待社区审核', 'Sent; the community will decide'))
              }
            >
              <Form.Item
                name="community"
                label={tx('报到社区', 'Community')}
                rules={[{ required: true, message: tx('请选择社区', 'Pick a community') }]}
              >
                <Select
                  data-testid="unit-report-community"
                  options={data.communities.map((c) => ({ value: c.code, label: c.name }))}
                />
              </Form.Item>
              <Form.Item
                name="members"
                label={tx('参与服务的党员人数', 'Members who will serve')}
                rules={[{ required: true, message: tx('请填写人数', 'How many') }]}
              >
                <InputNumber min={1} max={1000} precision={0} data-testid="unit-report-members" />
              </Form.Item>
              <Form.Item name="note" label={tx('说明', 'Note')}>
                <Input.TextArea rows={2} maxLength={200} />
              </Form.Item>
            </FormModal>
          </h3>
          <Table<Mine>
            data-testid="unit-my-reports"
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            // the default empty text is too faint for WCAG AA contrast
            locale={{ emptyText: <span style={{ color: '#595959' }}>{tx('尚未向社区报到', 'Not reported yet')}</span> }}
            expandable={{
              rowExpandable: (r) => r.services.length > 0,
              expandedRowRender: (r) => (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={r.services}
                  columns={[
                    { title: tx('日期', 'Date'), dataIndex: 'servedOn' },
                    { title: tx('服务内容', 'What'), dataIndex: 'what' },
                    { title: tx('人数', 'People'), dataIndex: 'people' },
                    { title: tx('每人时长（小时）', 'Hours each'), dataIndex: 'hours' },
                  ]}
                />
              ),
            }}
            columns={[
              { title: tx('社区', 'Community'), dataIndex: 'communityName', className: 'nowrap' },
              ...shared,
              {
                title: tx('操作', 'Actions'),
                className: 'nowrap',
                render: (_, r) =>
                  r.state === 'requested' || r.state === 'rejected' ? null : (
                    <FormModal<{ servedOn: Dayjs; people: number; hours: number; what: string }>
                      small
                      label={tx('记录服务', 'Record a service')}
                      testId={`unit-service-${r.id}`}
                      title={`${tx('记录支部服务', 'Record a service')} · ${r.communityName}`}
                      okText={tx('保存', 'Save')}
                      initialValues={{ servedOn: dayjs(), hours: 2 }}
                      onSubmit={(v) =>
                        act(
                          () =>
                            partyApi.recordUnitService(r.id, {
                              servedOn: v.servedOn.format('YYYY-MM-DD'),
                              people: v.people,
                              hours: v.hours,
                              what: v.what,
                            }),
                          tx('服务已记录', 'Service recorded'),
                        )
                      }
                    >
                      <Form.Item name="servedOn" label={tx('服务日期', 'Date')} rules={[{ required: true }]}>
                        <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
                      </Form.Item>
                      <Form.Item
                        name="what"
                        label={tx('服务内容', 'What')}
                        rules={[{ required: true, min: 2, message: tx('请填写服务内容', 'What was done') }]}
                      >
                        <Input maxLength={200} data-testid="unit-service-what" />
                      </Form.Item>
                      <Form.Item
                        name="people"
                        label={tx('参与党员人数', 'Members taking part')}
                        rules={[{ required: true, message: tx('请填写人数', 'How many') }]}
                      >
                        <InputNumber min={1} max={1000} precision={0} data-testid="unit-service-people" />
                      </Form.Item>
                      <Form.Item name="hours" label={tx('每人时长（小时）', 'Hours each')} rules={[{ required: true }]}>
                        <InputNumber min={0.5} max={24} step={0.5} />
                      </Form.Item>
                    </FormModal>
                  ),
              },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
