import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, List, SpinLoading, Stepper, Tag } from 'antd-mobile';
import { useState } from 'react';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { usePhoneRun } from '../../needs/phone/shared.js';
import { assessmentApi, type Mine } from '../api.js';

const Q = ['一', '二', '三', '四'];

/** The scoring form of one community: each rated item within its points, sent once. */
function Sheet({ m, onDone }: { m: Mine; onDone: () => void }) {
  const tx = useTx();
  const { busy, run } = usePhoneRun('assessment');
  const [scores, setScores] = useState<Record<number, number>>(
    Object.fromEntries(m.items.map((i) => [i.no, i.points])),
  );
  return (
    <Card title={`${m.subjectName} · ${tx(`第${Q[m.quarter - 1]}季度`, `Q${m.quarter}`)}`}>
      <div style={{ color: 'var(--adm-color-weak)', marginBottom: 8 }}>
        {tx(
          `您以“${m.kindName}”身份评分${m.anonymous ? '，匿名，不记录评分人' : ''}。`,
          `As ${m.kindName}${m.anonymous ? ', anonymously' : ''}.`,
        )}
      </div>
      <Form layout="vertical">
        {m.items.map((i) => (
          <Form.Item key={i.no} label={`${i.title}（${tx('满分', 'of')} ${i.points}）`} description={i.rule}>
            <Stepper
              min={0}
              max={i.points}
              step={0.5}
              digits={1}
              value={scores[i.no] ?? 0}
              onChange={(v) => setScores({ ...scores, [i.no]: v ?? 0 })}
              data-testid={`m-score-${i.no}`}
            />
          </Form.Item>
        ))}
      </Form>
      <Button
        block
        color="primary"
        disabled={busy}
        data-testid="m-score-send"
        onClick={() =>
          void run(
            () =>
              assessmentApi.submit({
                street: m.street,
                tableId: m.tableId,
                quarter: m.quarter,
                subject: m.subject,
                scores: m.items.map((i) => ({ no: i.no, score: scores[i.no] ?? 0 })),
              }),
            tx('评分已提交', 'Sent'),
          ).then((ok) => ok && onDone())
        }
      >
        {tx('提交评分（提交后不能修改）', 'Send (final)')}
      </Button>
    </Card>
  );
}

/** 考核评分: what I am asked to rate this year, and the form for each community. */
export function PhoneScoring() {
  const tx = useTx();
  const list = useQuery({ queryKey: ['assessment', 'mine'], queryFn: assessmentApi.mine });
  const [open, setOpen] = useState<Mine | null>(null);
  return (
    <div>
      <PhoneBar title={tx('考核评分', 'Scoring')} onBack={open ? () => setOpen(null) : undefined} />
      {open ? (
        <Sheet m={open} onDone={() => setOpen(null)} />
      ) : list.isLoading ? (
        <SpinLoading style={{ margin: 24 }} />
      ) : !list.data?.items.length ? (
        <Empty description={tx('没有需要您评分的考核', 'Nothing to score')} />
      ) : (
        <List>
          {list.data.items.map((m) => (
            <List.Item
              key={`${m.tableId}/${m.quarter}/${m.subject}`}
              data-testid={`m-rate-${m.subject}-${m.quarter}`}
              description={`${m.year} ${m.title} · ${tx(`第${Q[m.quarter - 1]}季度`, `Q${m.quarter}`)} · ${m.kindName}`}
              extra={
                m.scored ? (
                  <Tag color="success">{tx('已评', 'Done')}</Tag>
                ) : (
                  <Tag color="warning">{tx('待评', 'To do')}</Tag>
                )
              }
              onClick={m.scored ? undefined : () => setOpen(m)}
              arrow={!m.scored}
            >
              {m.subjectName}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
