import { useQuery } from '@tanstack/react-query';
import { Calendar, DatePicker, Segmented, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { deliberationApi } from './api.js';
import { MeetingDrawer, when, type Meeting } from './MeetingDrawer.js';
import { MeetingForm, SeriesForm } from './MeetingForms.js';

/** The Beijing day of a moment, YYYY-MM-DD. */
const dayOf = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** 日历: the month as a grid, each day's meetings in it (the party's 联席会议 too), one click to a meeting. */
function MonthGrid({ month, meetings, onOpen }: { month: Dayjs; meetings: Meeting[]; onOpen: (m: Meeting) => void }) {
  const byDay = new Map<string, Meeting[]>();
  for (const m of meetings) byDay.set(dayOf(m.startsAt), [...(byDay.get(dayOf(m.startsAt)) ?? []), m]);
  return (
    <div data-testid="meeting-calendar" className="meeting-calendar">
      <Calendar
        value={month.isSame(dayjs(), 'month') ? dayjs() : month}
        headerRender={() => null}
        fullscreen
        cellRender={(d, info) =>
          info.type !== 'date' || !d.isSame(month, 'month') ? null : (
            <div>
              {(byDay.get(d.format('YYYY-MM-DD')) ?? []).map((m) => (
                <Tag
                  key={`${m.source}:${m.id}`}
                  color={m.source === 'party' ? 'red' : m.movedFrom ? 'orange' : 'blue'}
                  style={{
                    cursor: m.source === 'party' ? 'default' : 'pointer',
                    marginBottom: 2,
                    whiteSpace: 'normal',
                  }}
                  onClick={() => m.source !== 'party' && onOpen(m)}
                >
                  {m.source === 'party' ? '' : `${when(m.startsAt).slice(-5)} `}
                  {m.title}
                </Tag>
              ))}
            </div>
          )
        }
      />
    </div>
  );
}

/** 会议日历: a month's meetings (the party's 联席会议 beside them), moves off holidays said; new series and meetings. */
export function Meetings({
  community,
  month: picked,
  view,
  onChange,
}: {
  community: string;
  /** YYYY-MM from the address (else this month); the view likewise, so a link reproduces it. */
  month: string;
  view: 'list' | 'calendar';
  onChange: (p: { month?: string; view?: string }) => void;
}) {
  const tx = useTx();
  const month = /^\d{4}-\d{2}$/.test(picked) ? dayjs(`${picked}-01`) : dayjs();
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.add(1, 'month').startOf('month').format('YYYY-MM-DD');
  const list = useQuery({
    queryKey: ['deliberation', 'meetings', community, from],
    queryFn: () => deliberationApi.meetings(community, from, to),
  });
  const [open, setOpen] = useState<Meeting | null>(null);
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <DatePicker
          picker="month"
          value={month}
          allowClear={false}
          onChange={(m) => m && onChange({ month: m.format('YYYY-MM') })}
          aria-label={tx('月份', 'Month')}
        />
        <Segmented
          value={view}
          onChange={(v) => onChange({ view: v === 'calendar' ? 'calendar' : undefined })}
          options={[
            { value: 'list', label: tx('列表', 'List') },
            { value: 'calendar', label: tx('日历', 'Calendar') },
          ]}
        />
        <SeriesForm community={community} />
        <MeetingForm community={community} />
      </Space>
      <Loaded query={list}>
        {(d) =>
          view === 'calendar' ? (
            <MonthGrid month={month} meetings={d.items} onOpen={setOpen} />
          ) : (
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
          )
        }
      </Loaded>
      {open && <MeetingDrawer community={community} meeting={open} onClose={() => setOpen(null)} />}
    </>
  );
}
