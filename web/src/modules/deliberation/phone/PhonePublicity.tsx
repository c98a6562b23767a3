import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, List, Radio, Rate, Space, Tag, TextArea } from 'antd-mobile';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { PhoneQueryList, usePhoneRun } from '../../needs/phone/shared.js';
import { deliberationApi } from '../api.js';
import { useMyCommunity } from './PhoneTopics.js';
import { FinanceTable } from './PublicBoard.js';

type Notice = Awaited<ReturnType<typeof deliberationApi.myNotices>>['items'][number];

/** 公告: the notices for me, pinned first; opening one marks it read. */
export function PhoneNotices() {
  const tx = useTx();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['deliberation', 'notices', 'mine'], queryFn: () => deliberationApi.myNotices() });
  const [open, setOpen] = useState<Notice | null>(null);
  const { run } = usePhoneRun('deliberation');
  if (open)
    return (
      <div style={{ minHeight: '100vh', background: '#fff' }}>
        <PhoneBar title={open.categoryName} onBack={() => setOpen(null)} />
        <article style={{ padding: 16 }} data-testid="m-notice">
          <h2 style={{ fontSize: 20 }}>{open.title}</h2>
          <p style={{ color: '#595959' }}>{dayjs(open.publishAt).format('YYYY-MM-DD HH:mm')}</p>
          <p style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{open.body}</p>
          {open.finance && <FinanceTable table={open.finance} />}
          {open.files.map((f) => (
            <p key={f.id}>
              <a href={`/api/deliberation/files/${f.id}?street=${open.street}`} target="_blank" rel="noreferrer">
                📎 {f.name}
              </a>
            </p>
          ))}
        </article>
      </div>
    );
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('党务居务公开', 'Notices')} onBack={() => navigate('/m')} />
      <PhoneQueryList
        query={list}
        empty={tx('暂无公告', 'No notices')}
        testId="m-notices"
        row={(n) => (
          <List.Item
            key={n.id}
            clickable
            onClick={() => {
              setOpen(n);
              if (!n.read) void run(() => deliberationApi.read(n.id, n.region.slice(0, 9)), tx('已读', 'Read'));
            }}
            description={`${n.categoryName} · ${dayjs(n.publishAt).format('MM-DD')}`}
            extra={!n.read && n.audience === 'staff' ? <Tag color="danger">{tx('未读', 'Unread')}</Tag> : null}
          >
            {n.pinned && <Tag color="danger">{tx('置顶', 'Top')}</Tag>} {n.title}
          </List.Item>
        )}
      />
    </div>
  );
}

/** 问卷: the community's open surveys; one answered once. */
export function PhoneSurveys() {
  const tx = useTx();
  const navigate = useNavigate();
  const community = useMyCommunity();
  const list = useQuery({
    queryKey: ['deliberation', 'surveys', community],
    queryFn: () => deliberationApi.surveys(community ?? ''),
    enabled: Boolean(community),
  });
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('征集问卷', 'Surveys')} onBack={() => navigate('/m')} />
      <PhoneQueryList
        query={list}
        empty={tx('暂无问卷', 'No surveys')}
        testId="m-surveys"
        row={(s) => (
          <List.Item
            key={s.id}
            clickable={s.open && !s.answered}
            onClick={() => s.open && !s.answered && navigate(`/m/surveys/${s.id}`)}
            description={tx(`截止 ${s.closesAt.slice(0, 10)}`, `Closes ${s.closesAt.slice(0, 10)}`)}
            extra={
              s.answered ? (
                <Tag color="success">{tx('已填写', 'Answered')}</Tag>
              ) : s.open ? (
                <Tag color="primary">{tx('去填写', 'Answer')}</Tag>
              ) : (
                <Tag>{tx('已截止', 'Closed')}</Tag>
              )
            }
          >
            {s.title}
          </List.Item>
        )}
      />
    </div>
  );
}

export function PhoneSurvey() {
  const tx = useTx();
  const navigate = useNavigate();
  const { id } = useParams();
  const community = useMyCommunity();
  const list = useQuery({
    queryKey: ['deliberation', 'surveys', community],
    queryFn: () => deliberationApi.surveys(community ?? ''),
    enabled: Boolean(community),
  });
  const s = list.data?.items.find((x) => x.id === Number(id));
  const [answers, setAnswers] = useState<Record<number, number | number[] | string | null>>({});
  const { busy, run } = usePhoneRun('deliberation');
  const set = (i: number, v: number | number[] | string | null) => setAnswers((a) => ({ ...a, [i]: v }));
  return (
    <div style={{ minHeight: '100vh', background: '#fff' }}>
      <PhoneBar title={s?.title ?? tx('问卷', 'Survey')} onBack={() => navigate('/m/surveys')} />
      {s && (
        <div style={{ padding: 16 }}>
          {s.intro && <p style={{ color: '#595959' }}>{s.intro}</p>}
          {s.questions.map((q, i) => (
            <fieldset key={i} style={{ border: 0, padding: 0, margin: '0 0 20px' }}>
              <legend style={{ fontWeight: 600, marginBottom: 8 }}>
                {i + 1}. {q.text}
              </legend>
              {q.kind === 'single' && (
                <Radio.Group value={answers[i] as number | undefined} onChange={(v) => set(i, Number(v))}>
                  <Space direction="vertical">
                    {q.options.map((o, k) => (
                      <Radio key={k} value={k}>
                        {o}
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              )}
              {q.kind === 'multiple' && (
                <Checkbox.Group
                  value={(answers[i] as number[] | undefined) ?? []}
                  onChange={(v) => set(i, v.map(Number))}
                >
                  <Space direction="vertical">
                    {q.options.map((o, k) => (
                      <Checkbox key={k} value={k}>
                        {o}
                      </Checkbox>
                    ))}
                  </Space>
                </Checkbox.Group>
              )}
              {q.kind === 'rating' && (
                <Rate value={(answers[i] as number | undefined) ?? 0} onChange={(v) => set(i, v)} aria-label={q.text} />
              )}
              {q.kind === 'text' && (
                <>
                  <label htmlFor={`m-q-${i}`} style={{ position: 'absolute', left: -9999 }}>
                    {q.text}
                  </label>
                  <TextArea id={`m-q-${i}`} rows={3} maxLength={1000} onChange={(v) => set(i, v || null)} />
                </>
              )}
            </fieldset>
          ))}
          <Button
            block
            color="primary"
            disabled={busy}
            data-testid="m-survey-submit"
            onClick={() =>
              void run(
                () =>
                  deliberationApi.respond(
                    s.id,
                    (community ?? '').slice(0, 9),
                    s.questions.map((_, i) => answers[i] ?? null),
                  ),
                tx('提交成功，感谢参与', 'Thank you'),
              ).then((done) => done && navigate('/m/surveys'))
            }
          >
            {tx('提交', 'Submit')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** 会议: the community's coming meetings; check in at the door, or join remotely by the link. */
export function PhoneMeetings() {
  const tx = useTx();
  const navigate = useNavigate();
  const community = useMyCommunity();
  const from = dayjs().format('YYYY-MM-DD');
  const to = dayjs().add(2, 'month').format('YYYY-MM-DD');
  const list = useQuery({
    queryKey: ['deliberation', 'meetings', community, from, 'phone'],
    queryFn: () => deliberationApi.meetings(community ?? '', from, to),
    enabled: Boolean(community),
  });
  const { busy, run } = usePhoneRun('deliberation');
  const street = (community ?? '').slice(0, 9);
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('社区会议', 'Meetings')} onBack={() => navigate('/m')} />
      <PhoneQueryList
        query={
          {
            ...list,
            data: list.data && { items: list.data.items.filter((m) => m.source === 'deliberation') },
          } as typeof list
        }
        empty={tx('近期没有会议', 'No meetings soon')}
        testId="m-meetings"
        row={(m) => {
          const now = Date.now();
          const live = now >= Date.parse(m.startsAt) - 3_600_000 && now <= Date.parse(m.endsAt);
          return (
            <List.Item
              key={m.id}
              description={`${new Date(m.startsAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })} · ${m.venue || tx('线上', 'Online')}${m.movedFrom ? tx('（节假日顺延）', ' (moved)') : ''}`}
              extra={
                m.attending ? (
                  <Tag color="success">{tx('已参会', 'In')}</Tag>
                ) : live ? (
                  <Space>
                    {m.venue && (
                      <Button
                        size="mini"
                        disabled={busy}
                        onClick={() =>
                          void run(() => deliberationApi.attend(m.id, street, 'checkin'), tx('签到成功', 'Checked in'))
                        }
                      >
                        {tx('签到', 'Check in')}
                      </Button>
                    )}
                    {m.remoteUrl && (
                      <Button
                        size="mini"
                        color="primary"
                        disabled={busy}
                        onClick={() =>
                          void run(
                            async () => {
                              const r = await deliberationApi.attend(m.id, street, 'remote');
                              if (r.remoteUrl) window.open(r.remoteUrl, '_blank');
                            },
                            tx('正在进入线上会议', 'Joining'),
                          )
                        }
                      >
                        {tx('线上参会', 'Join')}
                      </Button>
                    )}
                  </Space>
                ) : null
              }
            >
              {m.title}
              {m.agenda.length > 0 && (
                <div style={{ fontSize: 'var(--adm-font-size-main)', color: 'var(--adm-color-weak)' }}>
                  {tx('议程：', 'Agenda: ')}
                  {m.agenda.join('；')}
                </div>
              )}
            </List.Item>
          );
        }}
      />
    </div>
  );
}
