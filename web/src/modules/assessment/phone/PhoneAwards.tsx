import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Empty, Form, Input, List, Popup, SpinLoading, Tag, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { useMyCommunity } from '../../deliberation/phone/PhoneTopics.js';
import { usePhoneRun } from '../../needs/phone/shared.js';
import { awardsApi, type Award } from '../api.js';

function Nominate({ a }: { a: Award }) {
  const tx = useTx();
  const [open, setOpen] = useState(false);
  const { busy, run } = usePhoneRun('assessment');
  const [form] = Form.useForm<{ name: string; reason: string }>();
  return (
    <>
      <Button block color="primary" data-testid={`m-nominate-${a.id}`} onClick={() => setOpen(true)}>
        {tx('我要推荐', 'Nominate')}
      </Button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} bodyStyle={{ padding: 12 }}>
        <Form
          form={form}
          footer={
            <Button
              block
              color="primary"
              disabled={busy}
              data-testid="m-nominate-send"
              onClick={() =>
                void form.validateFields().then(async (v) => {
                  if (
                    await run(
                      () => awardsApi.nominate(a.streetId, a.id, v),
                      tx('推荐已提交，社区将进行资格审查', 'Nominated'),
                    )
                  ) {
                    form.resetFields();
                    setOpen(false);
                  }
                })
              }
            >
              {tx('提交推荐', 'Send')}
            </Button>
          }
        >
          <Form.Item
            name="name"
            label={tx(
              a.kind === 'five_good_family'
                ? '推荐的家庭（如：张三家庭）'
                : a.kind === 'civil_courtyard'
                  ? '推荐的楼院'
                  : '推荐的志愿者',
              'Nominee',
            )}
            rules={[{ required: true, min: 2, max: 40 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="reason"
            label={tx('推荐理由（事迹）', 'Why')}
            rules={[{ required: true, min: 5, max: 1000 }]}
          >
            <TextArea rows={4} />
          </Form.Item>
        </Form>
      </Popup>
    </>
  );
}

function Vote({ a }: { a: Award }) {
  const tx = useTx();
  const { busy, run } = usePhoneRun('assessment');
  const [picked, setPicked] = useState<number[]>([]);
  const voted = a.nominees.filter((n) => n.mine);
  if (voted.length)
    return (
      <div style={{ color: 'var(--adm-color-success)' }}>
        {tx(`您已投票：${voted.map((n) => n.name).join('、')}`, 'You voted')}
      </div>
    );
  return (
    <>
      <div style={{ marginBottom: 6 }}>
        {tx(`每人最多选 ${a.quota} 个（已选 ${picked.length} 个）`, `Up to ${a.quota}`)}
      </div>
      <Checkbox.Group value={picked} onChange={(v) => setPicked(v as number[])}>
        {a.nominees
          .filter((n) => n.state === 'accepted')
          .map((n) => (
            <div key={n.id} style={{ margin: '6px 0' }}>
              <Checkbox value={n.id} disabled={!picked.includes(n.id) && picked.length >= a.quota}>
                {n.name}
              </Checkbox>
              <div style={{ fontSize: 12, color: 'var(--adm-color-weak)', marginLeft: 28 }}>{n.reason}</div>
            </div>
          ))}
      </Checkbox.Group>
      <Button
        block
        color="primary"
        disabled={busy || !picked.length}
        data-testid={`m-award-vote-${a.id}`}
        onClick={() => void run(() => awardsApi.vote(a.streetId, a.id, picked), tx('投票成功', 'Voted'))}
      >
        {tx('投票', 'Vote')}
      </Button>
    </>
  );
}

/** 评选表彰: nominate a family, a courtyard or a volunteer; vote; see who was awarded. */
export function PhoneAwards() {
  const tx = useTx();
  const community = useMyCommunity();
  const q = useQuery({
    queryKey: ['assessment', 'awards', community],
    queryFn: () => awardsApi.list(community ?? ''),
    enabled: Boolean(community),
  });
  return (
    <div>
      <PhoneBar title={tx('评选表彰', 'Awards')} />
      {q.isLoading ? (
        <SpinLoading style={{ margin: 24 }} />
      ) : !q.data?.items.length ? (
        <Empty description={tx('暂无评选活动', 'No awards')} />
      ) : (
        q.data.items.map((a) => (
          <Card
            key={a.id}
            title={a.title}
            extra={<Tag color={a.state === 'awarded' ? 'warning' : 'primary'}>{a.stateName}</Tag>}
            data-testid={`m-award-${a.id}`}
          >
            <div style={{ color: 'var(--adm-color-weak)', marginBottom: 8 }}>
              {tx(
                `名额 ${a.quota} 个 · 推荐截至 ${a.nominateUntil}${a.decide === 'vote' ? ` · 投票截至 ${a.voteUntil}` : ' · 评审委员会评定'}`,
                `${a.quota} places`,
              )}
            </div>
            {a.state === 'nominating' && <Nominate a={a} />}
            {a.state === 'voting' && <Vote a={a} />}
            {(a.state === 'publicity' || a.state === 'awarded') && (
              <List
                header={
                  a.state === 'publicity'
                    ? tx(`公示至 ${a.publicityUntil ?? ''}`, 'Publicity')
                    : tx('获评名单', 'Awarded')
                }
              >
                {a.nominees
                  .filter((n) => n.state === 'awarded')
                  .map((n) => (
                    <List.Item key={n.id} description={n.reason}>
                      {n.name}
                    </List.Item>
                  ))}
              </List>
            )}
            {a.state === 'nominating' && a.nominees.length > 0 && (
              <List header={tx('已推荐', 'Nominated')}>
                {a.nominees.map((n) => (
                  <List.Item
                    key={n.id}
                    extra={
                      n.state === 'nominated'
                        ? tx('审查中', 'In review')
                        : n.state === 'accepted'
                          ? tx('已通过', 'Accepted')
                          : tx('未通过', 'Rejected')
                    }
                  >
                    {n.name}
                  </List.Item>
                ))}
              </List>
            )}
          </Card>
        ))
      )}
    </div>
  );
}
