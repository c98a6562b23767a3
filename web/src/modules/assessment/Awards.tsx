import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { awardKindNames, awardKinds, type AwardKind } from '../../../../contracts/assessment.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { awardsApi, type Award } from './api.js';

const NOMINEE_STATES = {
  nominated: ['待审查', 'default'],
  accepted: ['已通过', 'blue'],
  rejected: ['未通过', 'red'],
  awarded: ['获评', 'gold'],
} as const;

function NewAward({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('assessment');
  return (
    <FormModal<{
      kind: AwardKind;
      title: string;
      quota: number;
      decide: 'vote' | 'committee';
      nominateUntil: Dayjs;
      voteUntil: Dayjs;
      publicityDays: number;
    }>
      label={tx('发起评选', 'New award')}
      testId="new-award"
      title={tx('发起评选表彰', 'New award')}
      okText={tx('保存', 'Save')}
      initialValues={{ kind: 'five_good_family', quota: 3, decide: 'vote', publicityDays: 5 }}
      onSubmit={(v) =>
        act(
          () =>
            awardsApi.create({
              community,
              kind: v.kind,
              year: new Date().getFullYear(),
              title: v.title,
              quota: v.quota,
              decide: v.decide,
              nominateUntil: v.nominateUntil.format('YYYY-MM-DD'),
              voteUntil: (v.voteUntil ?? v.nominateUntil).format('YYYY-MM-DD'),
              publicityDays: v.publicityDays,
            }),
          tx('已发起', 'Started'),
        )
      }
    >
      <Form.Item name="kind" label={tx('类别', 'Kind')} rules={[{ required: true }]}>
        <Select options={awardKinds.map((k) => ({ value: k, label: awardKindNames[k].zh }))} />
      </Form.Item>
      <Form.Item name="title" label={tx('名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
        <Input placeholder={`${new Date().getFullYear()}年度五好文明家庭`} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="quota" label={tx('评选名额', 'Number')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Form.Item name="decide" label={tx('评定方式', 'Decided by')}>
          <Select
            style={{ width: 160 }}
            options={[
              { value: 'vote', label: tx('居民投票', 'Residents’ vote') },
              { value: 'committee', label: tx('评审委员会评定', 'The committee') },
            ]}
          />
        </Form.Item>
        <Form.Item name="publicityDays" label={tx('公示天数', 'Publicity days')}>
          <InputNumber min={1} max={30} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="nominateUntil" label={tx('推荐截止', 'Nominations until')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="voteUntil" label={tx('投票截止', 'Voting until')}>
          <DatePicker />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

function Reject({ street, id }: { street: string; id: number }) {
  const tx = useTx();
  const act = useAct('assessment');
  return (
    <FormModal<{ note: string }>
      small
      label={tx('不通过', 'Reject')}
      title={tx('不通过（理由将公开）', 'Reject (the reason is public)')}
      okText={tx('保存', 'Save')}
      onSubmit={(v) =>
        act(() => awardsApi.review(street, id, { accept: false, note: v.note }), tx('已审查', 'Reviewed'))
      }
    >
      <Form.Item name="note" label={tx('理由', 'Reason')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

function AwardCard({ a, canManage }: { a: Award; canManage: boolean }) {
  const tx = useTx();
  const act = useAct('assessment');
  const [picked, setPicked] = useState<number[]>([]);
  const deciding = a.state === 'deciding' && canManage;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`award-${a.id}`}
      title={
        <Space>
          {a.title}
          <Tag>{a.kindName}</Tag>
          <Tag color={a.state === 'awarded' ? 'gold' : 'processing'}>{a.stateName}</Tag>
        </Space>
      }
      extra={tx(
        `名额 ${a.quota} · 推荐至 ${a.nominateUntil}${a.decide === 'vote' ? ` · 投票至 ${a.voteUntil}` : ' · 评审委员会评定'}${a.publicityUntil ? ` · 公示至 ${a.publicityUntil}` : ''}`,
        `${a.quota} places`,
      )}
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={a.nominees}
        rowSelection={
          deciding && a.decide === 'committee'
            ? {
                selectedRowKeys: picked,
                onChange: (k) => setPicked(k as number[]),
                getCheckboxProps: (n) => ({ disabled: n.state !== 'accepted' }),
              }
            : undefined
        }
        columns={[
          { title: tx('推荐对象', 'Nominee'), dataIndex: 'name' },
          { title: tx('推荐理由', 'Why'), dataIndex: 'reason' },
          { title: tx('得票', 'Votes'), dataIndex: 'votes', render: (v: number) => (a.decide === 'vote' ? v : '—') },
          {
            title: tx('状态', 'State'),
            render: (_: unknown, n) => (
              <Tag color={NOMINEE_STATES[n.state][1]}>
                {NOMINEE_STATES[n.state][0]}
                {n.note ? `：${n.note}` : ''}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, n) =>
              canManage && n.state === 'nominated' && a.state !== 'publicity' && a.state !== 'awarded' ? (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() =>
                      void act(() => awardsApi.review(a.streetId, n.id, { accept: true }), tx('已通过审查', 'Accepted'))
                    }
                  >
                    {tx('通过', 'Accept')}
                  </Button>
                  <Reject street={a.streetId} id={n.id} />
                </Space>
              ) : null,
          },
        ]}
      />
      {deciding && (
        <Popconfirm
          title={tx('评定后将发布公示，确定吗？', 'Publish the winners?')}
          onConfirm={() =>
            void act(
              () => awardsApi.decide(a.streetId, a.id, a.decide === 'vote' ? null : picked),
              tx('已评定并发布公示', 'Decided and published'),
            )
          }
        >
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            disabled={a.decide === 'committee' && !picked.length}
            data-testid={`decide-${a.id}`}
          >
            {a.decide === 'vote'
              ? tx(`按得票评出前 ${a.quota} 名并公示`, 'Decide by votes')
              : tx('评定所选对象并公示', 'Decide the chosen')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

/** 评选表彰: a community's awards, their nominees with the review and the votes, deciding and publicity. */
export function Awards({ community }: { community: string | undefined }) {
  const tx = useTx();
  const q = useQuery({
    queryKey: ['assessment', 'awards', community],
    queryFn: () => awardsApi.list(community ?? ''),
    enabled: Boolean(community),
  });
  if (!community) return <Empty description={tx('请先选择社区', 'Pick a community')} />;
  return (
    <Loaded query={q}>
      {(d) => (
        <>
          {d.canManage && <NewAward community={community} />}
          <div style={{ marginTop: 12 }}>
            {d.items.map((a) => (
              <AwardCard key={a.id} a={a} canManage={d.canManage} />
            ))}
          </div>
        </>
      )}
    </Loaded>
  );
}
