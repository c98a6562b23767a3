import { useQuery } from '@tanstack/react-query';
import { DatePicker, Drawer, Form, Input, InputNumber, List, Select, Space, Table, Tag, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { meetingKindNames, meetingKinds, type MeetingKind } from '../../../../contracts/deliberation.js';
import { tagNames } from '../../../../contracts/registry.js';
import { roleNames, type Role } from '../../../../contracts/roles.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { deliberationApi } from './api.js';
import { Attachments } from './Attachments.js';
import { usePlaces } from './usePlaces.js';

type Meeting = Awaited<ReturnType<typeof deliberationApi.meetings>>['items'][number];
/** Beijing time, wherever the browser is. */
const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const INVITE_ROLES: Role[] = ['building_leader', 'grid_worker', 'party_member', 'volunteer', 'community_worker'];
const INVITE_TAGS = ['party_member', 'volunteer', 'building_leader', 'deputy'] as const;
type InviteTag = (typeof INVITE_TAGS)[number];

/** 会议日历: a month's meetings (the party's 联席会议 beside them), moves off holidays said; new series and meetings. */
export function Meetings({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('deliberation');
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.add(1, 'month').startOf('month').format('YYYY-MM-DD');
  const list = useQuery({
    queryKey: ['deliberation', 'meetings', community, from],
    queryFn: () => deliberationApi.meetings(community, from, to),
  });
  const [open, setOpen] = useState<Meeting | null>(null);
  const places = usePlaces(community);
  const kinds = meetingKinds.map((k) => ({ value: k, label: meetingKindNames[k][lang] }));
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <DatePicker
          picker="month"
          value={month}
          allowClear={false}
          onChange={(m) => m && setMonth(m)}
          aria-label={tx('月份', 'Month')}
        />
        <FormModal<{
          kind: MeetingKind;
          title: string;
          type: 'monthly_day' | 'monthly_weekday';
          day?: number;
          nth?: number;
          weekday?: number;
          startsOn: Dayjs;
          time: Dayjs;
          venue?: string;
          remoteUrl?: string;
          roles?: Role[];
          tags?: InviteTag[];
          grids?: string[];
          buildings?: number[];
        }>
          label={tx('新建例会', 'New recurring meeting')}
          testId="add-series"
          title={tx('新建例会（遇法定节假日顺延至节后第一个工作日）', 'New recurring meeting')}
          okText={tx('保存', 'Save')}
          initialValues={{ kind: 'talk_day', type: 'monthly_day', day: 10, nth: 2, weekday: 2 }}
          onSubmit={(v) =>
            act(
              () =>
                deliberationApi.addSeries({
                  community,
                  kind: v.kind,
                  title: v.title,
                  recurrence:
                    v.type === 'monthly_day'
                      ? { type: 'monthly_day', day: v.day ?? 10 }
                      : { type: 'monthly_weekday', nth: v.nth ?? 2, weekday: v.weekday ?? 2 },
                  startsOn: v.startsOn.format('YYYY-MM-DD'),
                  time: v.time.format('HH:mm'),
                  venue: v.venue ?? '',
                  remoteUrl: v.remoteUrl ?? '',
                  invite: {
                    roles: v.roles ?? [],
                    tags: v.tags ?? [],
                    grids: v.grids ?? [],
                    buildings: v.buildings ?? [],
                    users: [],
                  },
                }),
              tx('例会已排入日历', 'Scheduled'),
            )
          }
        >
          <Form.Item name="kind" label={tx('会议类型', 'Kind')} rules={[{ required: true }]}>
            <Select options={kinds} />
          </Form.Item>
          <Form.Item name="title" label={tx('会议名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="type" label={tx('周期', 'Recurs')}>
            <Select
              options={[
                { value: 'monthly_day', label: tx('每月固定日期', 'A day of the month') },
                { value: 'monthly_weekday', label: tx('每月第几个星期几', 'A weekday of the month') },
              ]}
            />
          </Form.Item>
          <Space>
            <Form.Item name="day" label={tx('每月几日', 'Day')}>
              <InputNumber min={1} max={28} />
            </Form.Item>
            <Form.Item name="nth" label={tx('第几个', 'Which')}>
              <InputNumber min={1} max={4} />
            </Form.Item>
            <Form.Item name="weekday" label={tx('星期', 'Weekday')}>
              <Select style={{ width: 90 }} options={WEEKDAYS.map((w, i) => ({ value: i + 1, label: `星期${w}` }))} />
            </Form.Item>
          </Space>
          <Space>
            <Form.Item name="startsOn" label={tx('开始日期', 'From')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="time" label={tx('时间', 'Time')} rules={[{ required: true }]}>
              <TimePicker format="HH:mm" minuteStep={5} />
            </Form.Item>
          </Space>
          <Form.Item name="venue" label={tx('地点', 'Place')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="remoteUrl" label={tx('线上会议链接（可选）', 'Remote link (optional)')}>
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="roles" label={tx('邀请（按角色）', 'Invite by role')}>
            <Select mode="multiple" options={INVITE_ROLES.map((r) => ({ value: r, label: roleNames[r][lang] }))} />
          </Form.Item>
          <Form.Item name="tags" label={tx('邀请（按居民标签）', 'Invite by resident tag')}>
            <Select mode="multiple" options={INVITE_TAGS.map((t) => ({ value: t, label: tagNames[t][lang] }))} />
          </Form.Item>
          <Form.Item name="grids" label={tx('邀请（按网格，每户一名代表）', 'Invite by grid (a person per household)')}>
            <Select mode="multiple" options={places.grids} />
          </Form.Item>
          <Form.Item name="buildings" label={tx('邀请（按楼栋，每户一名代表）', 'Invite by building')}>
            <Select mode="multiple" showSearch optionFilterProp="label" options={places.buildings} />
          </Form.Item>
        </FormModal>
        <FormModal<{
          kind: MeetingKind;
          title: string;
          time: [Dayjs, Dayjs];
          venue?: string;
          remoteUrl?: string;
          roles?: Role[];
          tags?: InviteTag[];
          grids?: string[];
          buildings?: number[];
        }>
          label={tx('召开会议', 'Call a meeting')}
          testId="add-meeting"
          title={tx('召开会议', 'Call a meeting')}
          okText={tx('保存', 'Save')}
          initialValues={{ kind: 'representatives', title: '居民代表会议' }}
          onSubmit={(v) =>
            act(
              () =>
                deliberationApi.addMeeting({
                  community,
                  kind: v.kind,
                  title: v.title,
                  startsAt: v.time[0].toISOString(),
                  endsAt: v.time[1].toISOString(),
                  venue: v.venue ?? '',
                  remoteUrl: v.remoteUrl ?? '',
                  invite: {
                    roles: v.roles ?? [],
                    tags: v.tags ?? [],
                    grids: v.grids ?? [],
                    buildings: v.buildings ?? [],
                    users: [],
                  },
                }),
              tx('会议已安排', 'Called'),
            )
          }
        >
          <Form.Item name="kind" label={tx('会议类型', 'Kind')} rules={[{ required: true }]}>
            <Select options={kinds} />
          </Form.Item>
          <Form.Item name="title" label={tx('会议名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="time" label={tx('会议时间', 'Time')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="venue" label={tx('地点', 'Place')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="remoteUrl" label={tx('线上会议链接（可选）', 'Remote link (optional)')}>
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="roles" label={tx('邀请（按角色）', 'Invite by role')}>
            <Select mode="multiple" options={INVITE_ROLES.map((r) => ({ value: r, label: roleNames[r][lang] }))} />
          </Form.Item>
          <Form.Item name="tags" label={tx('邀请（按居民标签）', 'Invite by resident tag')}>
            <Select mode="multiple" options={INVITE_TAGS.map((t) => ({ value: t, label: tagNames[t][lang] }))} />
          </Form.Item>
          <Form.Item name="grids" label={tx('邀请（按网格，每户一名代表）', 'Invite by grid (a person per household)')}>
            <Select mode="multiple" options={places.grids} />
          </Form.Item>
          <Form.Item name="buildings" label={tx('邀请（按楼栋，每户一名代表）', 'Invite by building')}>
            <Select mode="multiple" showSearch optionFilterProp="label" options={places.buildings} />
          </Form.Item>
        </FormModal>
      </Space>
      <Loaded query={list}>
        {(d) => (
          <Table
            data-testid="meetings"
            size="small"
            rowKey={(m) => `${m.source}:${m.id}`}
            pagination={false}
            dataSource={d.items}
            columns={[
              {
                title: tx('时间', 'When'),
                render: (_, m) => (
                  <>
                    {when(m.startsAt)}
                    {m.movedFrom && (
                      <Tag color="orange" style={{ marginLeft: 6 }} title={m.movedReason ?? ''}>
                        {tx(`原定${m.movedFrom.slice(5)}，节假日顺延`, `Moved from ${m.movedFrom}`)}
                      </Tag>
                    )}
                  </>
                ),
              },
              {
                title: tx('会议', 'Meeting'),
                render: (_, m) =>
                  m.source === 'party' ? (
                    m.title
                  ) : (
                    <a onClick={() => setOpen(m)} data-testid={`meeting-${m.id}`}>
                      {m.title}
                    </a>
                  ),
              },
              { title: tx('类型', 'Kind'), dataIndex: 'kindName' },
              { title: tx('地点', 'Place'), render: (_, m) => m.venue || (m.remoteUrl ? tx('线上', 'Online') : '—') },
              {
                title: tx('应到 / 实到', 'Invited / present'),
                render: (_, m) => (m.source === 'party' ? '—' : `${m.invited || '—'} / ${m.present}`),
              },
              {
                title: tx('法定人数', 'Quorum'),
                render: (_, m) =>
                  m.quorum === 'none' ? (
                    tx('协商性会议，不设', 'None (consultative)')
                  ) : m.quorumMet === null ? (
                    m.quorum === 'half' ? (
                      tx('过半数', 'More than half')
                    ) : (
                      tx('三分之二以上', 'Two thirds')
                    )
                  ) : m.quorumMet ? (
                    <Tag color="green">{tx('达到', 'Met')}</Tag>
                  ) : (
                    <Tag color="red">{tx('未达到', 'Not met')}</Tag>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      {open && <MeetingDrawer community={community} meeting={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function MeetingDrawer({ community, meeting, onClose }: { community: string; meeting: Meeting; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('deliberation');
  const street = community.slice(0, 9);
  const d = useQuery({
    queryKey: ['deliberation', 'meeting', meeting.id],
    queryFn: () => deliberationApi.meeting(meeting.id, street),
  });
  const past = Date.parse(meeting.startsAt) <= Date.now();
  return (
    <Drawer open width={640} title={`${meeting.title} · ${when(meeting.startsAt)}`} onClose={onClose}>
      <Loaded query={d}>
        {(m) => (
          <>
            <p>
              {tx('应到', 'Invited')} {meeting.invited || '—'} · {tx('实到', 'Present')} {meeting.present}
              {meeting.remoteUrl && (
                <>
                  {' · '}
                  <a href={meeting.remoteUrl} target="_blank" rel="noreferrer">
                    {tx('线上会议', 'Remote link')}
                  </a>
                </>
              )}
            </p>
            <h4>{tx('议程与决议', 'Agenda')}</h4>
            <List
              size="small"
              dataSource={m.agenda}
              locale={{ emptyText: tx('本次会议未记录议题', 'No topics') }}
              renderItem={(a) => (
                <List.Item>
                  {a.title} · {a.step}
                  {a.passed === false && <Tag color="red">{tx('未通过或未达法定人数', 'Not carried')}</Tag>}
                </List.Item>
              )}
            />
            <h4>{tx('签到', 'Attendance')}</h4>
            <List
              size="small"
              dataSource={m.attendance}
              locale={{ emptyText: tx('暂无签到', 'Nobody yet') }}
              renderItem={(a) => (
                <List.Item>
                  {a.name} · {a.how === 'remote' ? tx('线上', 'remote') : tx('现场签到', 'in person')}
                </List.Item>
              )}
            />
            <h4>{tx('会议纪要', 'Minutes')}</h4>
            <p style={{ whiteSpace: 'pre-wrap' }}>{m.minutes || '—'}</p>
            <div style={{ marginBottom: 12 }}>
              <Attachments street={street} kind="meeting" id={meeting.id} files={m.files} canUpload={past} />
            </div>
            {past && (
              <FormModal<{ minutes: string; presentExtra: number }>
                small
                label={tx('记录纪要', 'Record the minutes')}
                testId="record-minutes"
                title={tx('会议纪要', 'Minutes')}
                okText={tx('保存', 'Save')}
                initialValues={{ minutes: m.minutes, presentExtra: 0 }}
                onSubmit={(v) =>
                  act(
                    () => deliberationApi.minutes(meeting.id, street, v.minutes, v.presentExtra ?? 0),
                    tx('纪要已保存', 'Saved'),
                  )
                }
              >
                <Form.Item name="minutes" label={tx('纪要', 'Minutes')} rules={[{ required: true, min: 2 }]}>
                  <Input.TextArea rows={5} />
                </Form.Item>
                <Form.Item name="presentExtra" label={tx('现场登记到会（未签到）人数', 'Present without an account')}>
                  <InputNumber min={0} />
                </Form.Item>
              </FormModal>
            )}
          </>
        )}
      </Loaded>
    </Drawer>
  );
}
