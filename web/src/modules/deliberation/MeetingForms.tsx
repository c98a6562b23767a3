import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Select, Space, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { meetingKindNames, meetingKinds, type Invite, type MeetingKind } from '../../../../contracts/deliberation.js';
import { tagNames } from '../../../../contracts/registry.js';
import { roleNames, type Role } from '../../../../contracts/roles.js';
import { useI18n, useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { deliberationApi } from './api.js';
import { usePlaces } from './usePlaces.js';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const INVITE_ROLES: Role[] = ['building_leader', 'grid_worker', 'party_member', 'volunteer', 'community_worker'];
const INVITE_TAGS = ['party_member', 'volunteer', 'building_leader', 'deputy'] as const;

/** What both forms ask besides the time: kind, title, place, link, and whom to invite. */
type Common = {
  kind: MeetingKind;
  title: string;
  venue?: string;
  remoteUrl?: string;
  roles?: Role[];
  tags?: (typeof INVITE_TAGS)[number][];
  grids?: string[];
  buildings?: number[];
  users?: number[];
};
const inviteOf = (v: Common): Invite => ({
  roles: v.roles ?? [],
  tags: v.tags ?? [],
  grids: v.grids ?? [],
  buildings: v.buildings ?? [],
  users: v.users ?? [],
});

/** 点名邀请: the community's accounts found by name as one types (name and roles, nothing personal). */
function InviteeSelect({
  community,
  ...rest
}: {
  community: string;
  value?: number[];
  onChange?: (v: number[]) => void;
}) {
  const tx = useTx();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['deliberation', 'invitees', community, q],
    queryFn: () => deliberationApi.invitees(community, q),
  });
  const [names, setNames] = useState(new Map<number, string>());
  const options = (found.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.roles}）` }));
  return (
    <Select
      {...rest}
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={setQ}
      loading={found.isFetching}
      placeholder={tx('输入姓名查找', 'Type a name')}
      notFoundContent={tx('本社区没有这个人', 'Nobody by that name')}
      options={[
        ...options,
        ...[...names]
          .filter(([id]) => !options.some((o) => o.value === id))
          .map(([value, label]) => ({ value, label })),
      ]}
      onSelect={(id: number) => {
        const o = options.find((x) => x.value === id);
        if (o) setNames(new Map(names).set(id, o.label));
      }}
    />
  );
}

function MeetingFields({ community, children }: { community: string; children: ReactNode }) {
  const tx = useTx();
  const { lang } = useI18n();
  const places = usePlaces(community);
  return (
    <>
      <Form.Item name="kind" label={tx('会议类型', 'Kind')} rules={[{ required: true }]}>
        <Select options={meetingKinds.map((k) => ({ value: k, label: meetingKindNames[k][lang] }))} />
      </Form.Item>
      <Form.Item name="title" label={tx('会议名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
        <Input />
      </Form.Item>
      {children}
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
      <Form.Item name="users" label={tx('点名邀请', 'Invite by name')}>
        <InviteeSelect community={community} />
      </Form.Item>
    </>
  );
}

/** 新建例会: a series by its rule, moved off statutory holidays. */
export function SeriesForm({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('deliberation');
  return (
    <FormModal<
      Common & {
        type: 'monthly_day' | 'monthly_weekday';
        day?: number;
        nth?: number;
        weekday?: number;
        startsOn: Dayjs;
        time: Dayjs;
      }
    >
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
              invite: inviteOf(v),
            }),
          tx('例会已排入日历', 'Scheduled'),
        )
      }
    >
      <MeetingFields community={community}>
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
      </MeetingFields>
    </FormModal>
  );
}

/** 召开会议: one meeting at a time and place (or online). */
export function MeetingForm({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('deliberation');
  return (
    <FormModal<Common & { time: [Dayjs, Dayjs] }>
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
              invite: inviteOf(v),
            }),
          tx('会议已安排', 'Called'),
        )
      }
    >
      <MeetingFields community={community}>
        <Form.Item name="time" label={tx('会议时间', 'Time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </MeetingFields>
    </FormModal>
  );
}
