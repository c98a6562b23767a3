import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, List, Popup, Steps, Tag, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { stepKeys, stepNames } from '../../../../../contracts/deliberation.js';
import { useAuth } from '../../../auth.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useI18n, useTx } from '../../../i18n.js';
import { PhoneQueryList, usePhoneRun } from '../../needs/phone/shared.js';
import { deliberationApi } from '../api.js';

type Topic = Awaited<ReturnType<typeof deliberationApi.topics>>['items'][number];
const ORDER = ['solicit', ...stepKeys] as const;

/** The signed-in person's community (the first role that names one). */
export function useMyCommunity() {
  const { me } = useAuth();
  return me?.user.roles.find((r) => r.regionCode && r.regionCode.length >= 12)?.regionCode?.slice(0, 12);
}

/** 社区议事: the community's topics and where each stands; propose one (征) or support one (附议). */
export function PhoneTopics() {
  const tx = useTx();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const community = useMyCommunity();
  const list = useQuery({
    queryKey: ['deliberation', 'topics', community],
    queryFn: () => deliberationApi.topics(community ?? ''),
    enabled: Boolean(community),
  });
  const { busy, run } = usePhoneRun('deliberation');
  const [proposing, setProposing] = useState(false);
  const [form] = Form.useForm<{ title: string; detail?: string }>();
  const row = (t: Topic) => (
    <List.Item
      key={t.id}
      data-testid={`m-topic-${t.id}`}
      description={
        <>
          <Steps current={ORDER.indexOf(t.step)} style={{ '--title-font-size': '11px' } as React.CSSProperties}>
            {ORDER.map((s) => (
              <Steps.Step key={s} title={stepNames[s][lang].replace(/（.*）/, '')} />
            ))}
          </Steps>
          {t.state === 'withdrawn' && (
            <div>{tx(`已撤回：${t.withdrawnReason}`, `Withdrawn: ${t.withdrawnReason}`)}</div>
          )}
        </>
      }
      extra={
        t.state === 'open' && !t.mine ? (
          <Button
            size="mini"
            color="primary"
            fill={t.supported ? 'outline' : 'solid'}
            disabled={busy || t.supported}
            data-testid={`m-support-${t.id}`}
            onClick={() =>
              void run(() => deliberationApi.support(t.id, (community ?? '').slice(0, 9)), tx('已附议', 'Supported'))
            }
          >
            {t.supported
              ? tx(`已附议 ${t.supporters}`, `Supported ${t.supporters}`)
              : tx(`附议 ${t.supporters}`, `Support ${t.supporters}`)}
          </Button>
        ) : (
          <Tag color={t.state === 'completed' ? 'success' : 'default'}>
            {t.state === 'completed' ? tx('已办结', 'Done') : tx(`附议 ${t.supporters}`, `${t.supporters} support`)}
          </Tag>
        )
      }
    >
      {t.title}
    </List.Item>
  );
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('社区议事', 'Community topics')} onBack={() => navigate('/m')} />
      <div style={{ padding: 12 }}>
        <Button block color="primary" data-testid="m-propose" onClick={() => setProposing(true)}>
          {tx('我要提议题', 'Propose a topic')}
        </Button>
      </div>
      <PhoneQueryList query={list} empty={tx('还没有议题', 'No topics yet')} testId="m-topics" row={row} />
      <Popup visible={proposing} onMaskClick={() => setProposing(false)} bodyStyle={{ padding: 12 }}>
        <Form
          form={form}
          layout="vertical"
          footer={
            <Button block color="primary" type="submit" disabled={busy} data-testid="m-propose-submit">
              {tx('提交议题', 'Submit')}
            </Button>
          }
          onFinish={(v) =>
            void run(
              () => deliberationApi.propose(community ?? '', v.title, v.detail ?? ''),
              tx('议题已提交，欢迎邻居附议', 'Proposed'),
            ).then((done) => {
              if (done) {
                setProposing(false);
                form.resetFields();
              }
            })
          }
        >
          <Form.Item name="title" label={tx('议题（4–60字）', 'Topic')} rules={[{ required: true, min: 4, max: 60 }]}>
            <Input placeholder={tx('如：小区增设健身器材', 'e.g. fitness equipment')} />
          </Form.Item>
          <Form.Item name="detail" label={tx('说明', 'Detail')}>
            <TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Popup>
    </div>
  );
}
