import { useQuery } from '@tanstack/react-query';
import { Button, Card, ErrorBlock, Radio, Space, SpinLoading, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { choiceNames, choices, type Choice } from '../../../../../contracts/votes.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { errorMessage } from '../../../lib/query.js';
import { usePhoneRun } from '../../needs/phone/shared.js';
import { votesApi } from '../api.js';

type Mine = Awaited<ReturnType<typeof votesApi.mine>>['items'][number];
const day = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });

/** One vote on the owner's phone: a choice per item, sent together; changeable until the vote closes. */
function VoteCard({ v }: { v: Mine }) {
  const tx = useTx();
  const { busy, run } = usePhoneRun('votes');
  const [picked, setPicked] = useState<Record<number, Choice>>(
    Object.fromEntries(v.items.flatMap((i) => (i.mine ? [[i.no, i.mine]] : []))),
  );
  const voted = v.items.every((i) => i.mine);
  return (
    <Card
      title={`${v.estate} · ${v.title}`}
      data-testid={`m-vote-${v.id}`}
      style={{ margin: 12 }}
      extra={
        v.state === 'open' ? (
          <Tag color="primary">{tx('投票中', 'Open')}</Tag>
        ) : v.state === 'closed' ? (
          <Tag color="success">{tx('已公布', 'Published')}</Tag>
        ) : (
          <Tag>{v.state === 'upcoming' ? tx('未开始', 'Not open') : tx('计票中', 'Counting')}</Tag>
        )
      }
    >
      <div style={{ color: 'var(--adm-color-weak)', marginBottom: 8 }}>
        {tx('截止', 'Closes')} {day(v.closesAt)}
      </div>
      {v.items.map((i) => (
        <div key={i.no} style={{ marginBottom: 12 }}>
          <div style={{ fontWeight: 500 }}>
            {i.no}. {i.title}
          </div>
          <div style={{ color: 'var(--adm-color-weak)', fontSize: 'var(--adm-font-size-main)' }}>{i.matterName}</div>
          {v.state === 'closed' ? (
            <Tag color={i.passed ? 'success' : 'danger'}>
              {i.passed ? tx('通过', 'Passed') : tx('未通过', 'Not passed')}
            </Tag>
          ) : (
            <Radio.Group
              value={picked[i.no]}
              disabled={!v.mayVote || v.state !== 'open'}
              onChange={(c) => setPicked({ ...picked, [i.no]: c as Choice })}
            >
              <Space>
                {choices.map((c) => (
                  <Radio key={c} value={c} data-testid={`m-choice-${i.no}-${c}`}>
                    {choiceNames[c].zh}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          )}
          {i.otherChannel && (
            <div style={{ color: 'var(--adm-color-warning)' }}>
              {tx('社区另收到您的纸质票或委托，将与您核实以哪一票为准', 'A paper ballot of yours is on file too')}
            </div>
          )}
        </div>
      ))}
      {!v.mayVote && (
        <div style={{ color: 'var(--adm-color-warning)' }}>
          {tx('共有房屋由共有人推举的表决人投票', 'Joint owners vote through the one they named')}
        </div>
      )}
      {v.state === 'open' && v.mayVote && (
        <Button
          block
          color="primary"
          disabled={busy}
          data-testid={`m-cast-${v.id}`}
          onClick={() =>
            void run(
              () =>
                votesApi.cast(v.id, {
                  street: v.street,
                  choices: v.items.map((i) => ({ no: i.no, choice: picked[i.no] as Choice })),
                }),
              tx('投票成功，截止前可以修改', 'Voted; you may change it until it closes'),
            )
          }
        >
          {voted ? tx('修改我的投票', 'Change my vote') : tx('提交投票', 'Vote')}
        </Button>
      )}
    </Card>
  );
}

/** 业主表决: the owner's votes (matched by their phone to the registry's owners), cast and changed until the close. */
export function PhoneVotes() {
  const tx = useTx();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['votes', 'mine'], queryFn: () => votesApi.mine() });
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('业主表决', 'Owners’ votes')} onBack={() => navigate('/m')} />
      {list.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
      {list.isError && <ErrorBlock status="empty" title={errorMessage(list.error)} description="" />}
      {list.data?.items.length === 0 && (
        <ErrorBlock
          status="empty"
          title={tx('暂无需要您参加的业主表决', 'No vote for you')}
          description={tx('按不动产登记的产权人核对；如有疑问请联系社区', 'Matched to the registry’s owners')}
        />
      )}
      <div data-testid="m-votes">
        {list.data?.items.map((v) => (
          <VoteCard key={v.id} v={v} />
        ))}
      </div>
    </div>
  );
}
