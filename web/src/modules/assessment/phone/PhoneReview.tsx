import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Selector, SpinLoading, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { gradeNames, grades, type Grade } from '../../../../../contracts/assessment.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { usePhoneRun } from '../../needs/phone/shared.js';
import { reviewsApi, type MyReview } from '../api.js';

const options = grades.map((g) => ({ label: gradeNames[g].zh, value: g }));

function Review({ r }: { r: MyReview }) {
  const tx = useTx();
  const { busy, run } = usePhoneRun('assessment');
  const [self, setSelf] = useState<Grade | undefined>(r.selfGrade ?? undefined);
  const [text, setText] = useState(r.selfText ?? '');
  const [peers, setPeers] = useState<Record<number, Grade>>({});
  const open = r.state === 'open';
  return (
    <>
      <Card title={`${r.org} · ${r.title}`}>
        {r.finalGrade && (
          <div style={{ fontSize: 18 }}>
            {tx(`评议等次：${gradeNames[r.finalGrade].zh}`, `Grade: ${gradeNames[r.finalGrade].en}`)}
          </div>
        )}
        <Form layout="vertical">
          <Form.Item label={tx('个人自评等次', 'My own grade')}>
            <Selector
              columns={2}
              value={self ? [self] : []}
              onChange={(v) => setSelf(v[0])}
              options={options}
              disabled={!open}
              data-testid="m-self-grade"
            />
          </Form.Item>
          <Form.Item label={tx('个人总结（对照党员标准，讲成绩也讲不足）', 'My account of the year')}>
            <TextArea
              rows={4}
              maxLength={2000}
              value={text}
              onChange={setText}
              disabled={!open}
              data-testid="m-self-text"
            />
          </Form.Item>
        </Form>
        {open && (
          <Button
            block
            color="primary"
            disabled={busy || !self || text.trim().length < 10}
            data-testid="m-self-send"
            onClick={() =>
              void run(
                () => reviewsApi.self(r.street, r.reviewId, { grade: self ?? 'qualified', text }),
                tx('自评已保存', 'Saved'),
              )
            }
          >
            {tx('保存自评', 'Save')}
          </Button>
        )}
      </Card>
      <Card title={tx('党员互评', 'Rate the others')}>
        {r.rated ? (
          <div style={{ color: 'var(--adm-color-success)' }}>{tx('您已提交互评', 'You have rated')}</div>
        ) : !open ? (
          <div>{tx('评议已结束', 'Closed')}</div>
        ) : (
          <>
            {r.others.map((o) => (
              <div key={o.memberId} style={{ marginBottom: 8 }}>
                <div>{o.name}</div>
                <Selector
                  columns={4}
                  value={peers[o.memberId] ? [peers[o.memberId] as Grade] : []}
                  onChange={(v) => v[0] && setPeers({ ...peers, [o.memberId]: v[0] })}
                  options={options}
                  data-testid={`m-peer-${o.memberId}`}
                />
              </div>
            ))}
            <Button
              block
              color="primary"
              disabled={busy || r.others.some((o) => !peers[o.memberId])}
              data-testid="m-peers-send"
              onClick={() =>
                void run(
                  () =>
                    reviewsApi.rate(
                      r.street,
                      r.reviewId,
                      r.others.map((o) => ({ memberId: o.memberId, grade: peers[o.memberId] ?? 'qualified' })),
                    ),
                  tx('互评已提交', 'Sent'),
                )
              }
            >
              {tx('提交互评（提交后不能修改）', 'Send (final)')}
            </Button>
          </>
        )}
      </Card>
    </>
  );
}

/** 民主评议: a party member's self-assessment and their grades of the branch's other members. */
export function PhoneReview() {
  const tx = useTx();
  const q = useQuery({ queryKey: ['assessment', 'my-reviews'], queryFn: reviewsApi.mine });
  return (
    <div>
      <PhoneBar title={tx('民主评议党员', 'Member review')} />
      {q.isLoading ? (
        <SpinLoading style={{ margin: 24 }} />
      ) : !q.data?.items.length ? (
        <Empty description={tx('没有进行中的民主评议', 'No review')} />
      ) : (
        q.data.items.map((r) => <Review key={r.reviewId} r={r} />)
      )}
    </div>
  );
}
