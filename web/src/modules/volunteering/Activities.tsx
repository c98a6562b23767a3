import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { tagNames } from '../../../../contracts/registry.js';
import { activityTags } from '../../../../contracts/volunteering.js';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { partyApi } from '../party/api.js';
import { pointsApi } from './api.js';
import { volunteersApi } from './volunteers-api.js';

type Activity = Awaited<ReturnType<typeof pointsApi.activities>>['items'][number];
const at = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false }).slice(0, -3);

/** 志愿活动: the community's activities; one opens with its check-ins to confirm (and correct, with a reason). */
export function Activities({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const teams = useQuery({ queryKey: ['points', 'teams', community], queryFn: () => volunteersApi.teams(community) });
  const units = useQuery({ queryKey: ['party', 'units', community], queryFn: () => partyApi.units(community) });
  const act = useAct('points');
  const list = useQuery({
    queryKey: ['points', 'activities', community],
    queryFn: () => pointsApi.activities(community),
  });
  const [open, setOpen] = useState<Activity | null>(null);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <FormModal<{
          title: string;
          address: string;
          time: [Dayjs, Dayjs];
          capacity: number;
          teamId?: number;
          unitId?: number;
          skills?: string[];
          tags?: (typeof activityTags)[number][];
          minAge?: number;
          maxAge?: number;
        }>
          label={tx('发布活动', 'New activity')}
          testId="add-activity"
          title={tx('发布志愿活动', 'New volunteer activity')}
          okText={tx('发布', 'Publish')}
          initialValues={{ capacity: 20 }}
          onSubmit={(v) =>
            act(
              () =>
                pointsApi.addActivity({
                  community,
                  title: v.title,
                  address: v.address,
                  startsAt: v.time[0].toISOString(),
                  endsAt: v.time[1].toISOString(),
                  capacity: v.capacity,
                  teamId: v.teamId ?? null,
                  unitId: v.unitId ?? null,
                  skills: v.skills ?? [],
                  tags: v.tags ?? [],
                  minAge: v.minAge ?? null,
                  maxAge: v.maxAge ?? null,
                }),
              tx('活动已发布', 'Published'),
            )
          }
        >
          <Form.Item name="title" label={tx('活动名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="address" label={tx('活动地点', 'Place')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="time" label={tx('活动时间', 'Time')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="capacity" label={tx('招募人数', 'Places')} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="teamId" label={tx('组织服务队（可选）', 'Team (optional)')}>
            <Select allowClear options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))} />
          </Form.Item>
          <Form.Item name="unitId" label={tx('组织的共建单位（可选）', 'Co-building unit (optional)')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="tags" label={tx('限定人员（不选为不限）', 'Only for (none: anyone)')}>
            <Select mode="multiple" options={activityTags.map((t) => ({ value: t, label: tagNames[t][lang] }))} />
          </Form.Item>
          <Form.Item name="skills" label={tx('所需技能（任一）', 'Skills (any of)')}>
            <Select
              mode="tags"
              options={['助老', '医疗急救', '心理疏导', '法律咨询', '文艺', '维修'].map((s) => ({ value: s }))}
            />
          </Form.Item>
          <Space>
            <Form.Item name="minAge" label={tx('最小年龄', 'Minimum age')}>
              <InputNumber min={0} max={120} />
            </Form.Item>
            <Form.Item name="maxAge" label={tx('最大年龄', 'Maximum age')}>
              <InputNumber min={0} max={120} />
            </Form.Item>
          </Space>
        </FormModal>
      </Space>
      <Loaded query={list}>
        {(d) => (
          <Table<Activity>
            data-testid="activities"
            size="small"
            rowKey="id"
            dataSource={d.items}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              {
                title: tx('活动', 'Activity'),
                render: (_, a) => (
                  <Button type="link" size="small" onClick={() => setOpen(a)}>
                    {a.title}
                  </Button>
                ),
              },
              {
                title: tx('时间', 'When'),
                className: 'nowrap',
                render: (_, a) => `${at(a.startsAt)} – ${at(a.endsAt).slice(-5)}`,
              },
              { title: tx('地点', 'Place'), dataIndex: 'address' },
              {
                title: tx('报名', 'Signed'),
                render: (_, a) => `${a.signed}/${a.capacity}${a.waiting ? ` +${a.waiting}` : ''}`,
              },
              { title: tx('组织方', 'Organised by'), dataIndex: 'organisedBy' },
              { title: tx('记录人', 'Recorded by'), dataIndex: 'organiser' },
            ]}
          />
        )}
      </Loaded>
      {open && <Records activity={open} street={community.slice(0, 9)} onClose={() => setOpen(null)} />}
    </>
  );
}

function Records({ activity, street, onClose }: { activity: Activity; street: string; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('points');
  const q = useQuery({
    queryKey: ['points', 'records', activity.id],
    queryFn: () => pointsApi.records(activity.id, street),
  });
  return (
    <Drawer open width={820} title={`${tx('服务记录', 'Service records')}：${activity.title}`} onClose={onClose}>
      <Loaded query={q}>
        {(d) => {
          const waiting = d.items.filter((r) => r.checkoutAt && !r.confirmedAt).map((r) => r.id);
          return (
            <>
              <Button
                type="primary"
                disabled={waiting.length === 0}
                data-testid="confirm-hours"
                style={{ marginBottom: 12 }}
                onClick={() =>
                  void act(
                    () => pointsApi.confirm(activity.id, street, waiting),
                    tx(`已确认 ${waiting.length} 条服务时长`, 'Hours confirmed'),
                  )
                }
              >
                {tx(`确认全部已签退的时长（${waiting.length}）`, `Confirm all checked out (${waiting.length})`)}
              </Button>
              <Table
                data-testid="service-records"
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={d.items}
                columns={[
                  { title: tx('志愿者', 'Volunteer'), render: (_, r) => `${r.volunteer}（${r.volunteerNo}）` },
                  { title: tx('签到', 'In'), className: 'nowrap', render: (_, r) => at(r.checkinAt) },
                  {
                    title: tx('签退', 'Out'),
                    className: 'nowrap',
                    render: (_, r) => (r.checkoutAt ? at(r.checkoutAt) : '—'),
                  },
                  { title: tx('时长（小时）', 'Hours'), render: (_, r) => r.hours ?? '—' },
                  {
                    title: tx('状态', 'State'),
                    render: (_, r) => (
                      <Space size={4} wrap>
                        {r.confirmedAt ? (
                          <Tag color="green">{tx('已确认', 'Confirmed')}</Tag>
                        ) : (
                          <Tag>{tx('待确认', 'To confirm')}</Tag>
                        )}
                        {r.flagged && <Tag color="orange">{tx('位置异常', 'Position flagged')}</Tag>}
                        {r.late && <Tag color="red">{tx('确认超时', 'Late')}</Tag>}
                      </Space>
                    ),
                  },
                  {
                    title: tx('更正', 'Correct'),
                    render: (_, r) =>
                      r.checkoutAt && (
                        <FormModal<{ hours: number; reason: string }>
                          small
                          label={tx('更正时长', 'Correct')}
                          title={tx('更正服务时长（保留更正记录）', 'Correct the hours (kept in the history)')}
                          okText={tx('保存', 'Save')}
                          initialValues={{ hours: r.hours ?? 0 }}
                          onSubmit={(v) =>
                            act(() => pointsApi.correct(r.id, street, v.hours, v.reason), tx('时长已更正', 'Corrected'))
                          }
                        >
                          <Form.Item name="hours" label={tx('时长（小时）', 'Hours')} rules={[{ required: true }]}>
                            <InputNumber min={0} max={24} step={0.5} />
                          </Form.Item>
                          <Form.Item
                            name="reason"
                            label={tx('更正原因', 'Reason')}
                            rules={[{ required: true, min: 2, max: 200 }]}
                          >
                            <Input />
                          </Form.Item>
                        </FormModal>
                      ),
                  },
                ]}
              />
            </>
          );
        }}
      </Loaded>
    </Drawer>
  );
}
