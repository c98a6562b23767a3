import { useQuery } from '@tanstack/react-query';
import { Drawer, Form, Input, InputNumber, List, Select, Tag } from 'antd';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { deliberationApi } from './api.js';
import { Attachments } from './Attachments.js';

export type Meeting = Awaited<ReturnType<typeof deliberationApi.meetings>>['items'][number];
/** Beijing time, wherever the browser is. */
export const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);

/** 议程: before the meeting, the community's open topics and other items in words, in order. */
function AgendaForm({
  community,
  meeting,
  planned,
}: {
  community: string;
  meeting: Meeting;
  planned: { topicId: number | null; text: string }[];
}) {
  const tx = useTx();
  const act = useAct('deliberation');
  const topics = useQuery({
    queryKey: ['deliberation', 'topics', community],
    queryFn: () => deliberationApi.topics(community),
  });
  return (
    <FormModal<{ topics?: number[]; others?: string[] }>
      small
      label={tx('安排议程', 'Plan the agenda')}
      testId="plan-agenda"
      title={tx('会议议程', 'Agenda')}
      okText={tx('保存', 'Save')}
      initialValues={{
        topics: planned.flatMap((a) => (a.topicId === null ? [] : [a.topicId])),
        others: planned.flatMap((a) => (a.topicId === null ? [a.text] : [])),
      }}
      onSubmit={(v) =>
        act(
          () =>
            deliberationApi.setAgenda(meeting.id, community.slice(0, 9), [
              ...(v.topics ?? []).map((topicId) => ({ topicId })),
              ...(v.others ?? []).map((text) => ({ text })),
            ]),
          tx('议程已保存', 'Saved'),
        )
      }
    >
      <Form.Item name="topics" label={tx('议题（本社区正在办理的）', 'Topics (open, of this community)')}>
        <Select
          mode="multiple"
          optionFilterProp="label"
          options={(topics.data?.items ?? [])
            .filter((t) => t.state === 'open')
            .map((t) => ({ value: t.id, label: `${t.title}（${t.stepName}）` }))}
        />
      </Form.Item>
      <Form.Item
        name="others"
        label={tx('其他事项（输入后回车）', 'Other items (Enter after each)')}
        rules={[{ type: 'array', max: 20 }]}
      >
        <Select mode="tags" open={false} />
      </Form.Item>
    </FormModal>
  );
}

export function MeetingDrawer({
  community,
  meeting,
  onClose,
}: {
  community: string;
  meeting: Meeting;
  onClose: () => void;
}) {
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
            <h4>
              {tx('会前议程', 'Agenda')}
              {meeting.state === 'scheduled' && !past && (
                <span style={{ marginLeft: 8 }}>
                  <AgendaForm community={community} meeting={meeting} planned={m.planned} />
                </span>
              )}
            </h4>
            <List
              size="small"
              data-testid="planned"
              dataSource={m.planned}
              locale={{ emptyText: tx('尚未安排议程', 'No agenda yet') }}
              renderItem={(a, i) => (
                <List.Item>
                  {i + 1}. {a.text}
                  {a.stepName && <Tag style={{ marginLeft: 6 }}>{a.stepName}</Tag>}
                </List.Item>
              )}
            />
            <h4>{tx('议题进程与决议', 'Steps taken at it')}</h4>
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
