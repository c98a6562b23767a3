import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { matterNames, matters, strictMatters, type Matter } from '../../../../contracts/votes.js';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { Loaded } from '../../components/Loaded.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { useI18n, useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { registryApi } from '../registry/api.js';
import { votesApi } from './api.js';
import { Budgets } from './Budgets.js';
import { VoteDrawer } from './VoteDrawer.js';

const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);
const STATES = {
  upcoming: ['未开始', 'Not open yet', 'default'],
  open: ['投票中', 'Open', 'processing'],
  counting: ['待计票', 'To count', 'warning'],
  closed: ['已公布', 'Published', 'success'],
} as const;

type Fields = {
  estateId: number;
  title: string;
  period: [Dayjs, Dayjs];
  nonVotersWithMajority: boolean;
  items: { matter: Matter; title: string }[];
};

/** 发起表决: an estate, its items (the matter decides the threshold, never chosen by hand), the period, the rule. */
function OpenVote({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('votes');
  const estates = useQuery({ queryKey: ['estates', community], queryFn: () => registryApi.estates(community) });
  const [form] = Form.useForm<Fields>();
  const estate = Form.useWatch('estateId', form);
  const preview = useQuery({
    queryKey: ['votes', 'electorate', community, estate],
    queryFn: () => votesApi.electorate(community, estate ?? 0),
    enabled: Boolean(estate),
  });
  const p = preview.data;
  return (
    <FormModal<Fields>
      form={form}
      label={tx('发起表决', 'Open a vote')}
      testId="open-vote"
      title={tx('发起业主共同决定事项表决', 'Open an owners’ vote')}
      okText={tx('保存', 'Save')}
      width={720}
      initialValues={{ nonVotersWithMajority: false, items: [{ matter: 5, title: '' }] }}
      onSubmit={(v) =>
        act(
          () =>
            votesApi.open({
              community,
              estateId: v.estateId,
              title: v.title,
              opensAt: v.period[0].toISOString(),
              closesAt: v.period[1].toISOString(),
              nonVotersWithMajority: v.nonVotersWithMajority,
              items: v.items,
            }),
          tx('表决已发起，业主名册已按今日登记生成', 'Opened; the register is taken from today’s registry'),
        )
      }
    >
      <Form.Item name="estateId" label={tx('小区', 'Estate')} rules={[{ required: true }]}>
        <Select options={(estates.data ?? []).map((e) => ({ value: e.id, label: e.name }))} />
      </Form.Item>
      {p && (
        <Alert
          data-testid="electorate-preview"
          style={{ marginBottom: 12 }}
          type={p.missing.length ? 'warning' : 'success'}
          message={tx(
            `业主名册（按今日登记）：专有部分 ${p.units} 套，业主 ${p.heads} 人，总面积 ${p.area} ㎡；开发建设单位未售 ${p.developerUnits} 套（计1人）；共有房屋 ${p.jointOwners} 户、一人多套 ${p.ownersOfSeveral} 人（各计1人）；实测面积 ${p.surveyedAreas} 套、合同面积 ${p.contractAreas} 套。${p.missing.length ? `另有 ${p.missing.length} 套没有面积，须先补录：${p.missing.slice(0, 5).join('、')}` : ''}`,
            `Register today: ${p.units} units, ${p.heads} owners, ${p.area} m²${p.missing.length ? `; ${p.missing.length} without area` : ''}`,
          )}
        />
      )}
      <Form.Item name="title" label={tx('表决名称', 'Title')} rules={[{ required: true, min: 2, max: 100 }]}>
        <Input placeholder="2026年第一次业主共同决定" />
      </Form.Item>
      <Form.Item name="period" label={tx('表决期间', 'Period')} rules={[{ required: true }]}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" style={{ display: 'flex' }}>
                <Form.Item
                  name={[f.name, 'matter']}
                  label={tx(`事项${i + 1}类别`, `Item ${i + 1}`)}
                  rules={[{ required: true }]}
                >
                  <Select
                    style={{ width: 300 }}
                    options={matters.map((m) => ({
                      value: m,
                      label: `${m}. ${matterNames[m][lang]}${strictMatters.includes(m) ? tx('（四分之三）', ' (3/4)') : ''}`,
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'title']}
                  label={tx('表决内容', 'What is decided')}
                  rules={[{ required: true, min: 2, max: 200 }]}
                >
                  <Input style={{ width: 280 }} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 36 }} onClick={() => remove(f.name)} />}
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ matter: 9, title: '' })} icon={<PlusOutlined />}>
              {tx('增加表决事项', 'Add an item')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item
        name="nonVotersWithMajority"
        valuePropName="checked"
        label={tx('未投票业主计入多数票（须本小区议事规则明确规定）', 'Non-voters go with the majority (estate rule)')}
        style={{ marginTop: 12 }}
      >
        <Switch />
      </Form.Item>
      <Alert
        type="info"
        showIcon
        message={tx(
          '表决规则由事项类别决定（民法典第278条）：须专有部分面积和人数均占三分之二以上的业主参与表决；筹集维修资金、改建重建、改变共有部分用途须参与表决面积和人数均四分之三以上同意，其他事项均须过半数同意。',
          'The matter decides the threshold (Civil Code art. 278).',
        )}
      />
    </FormModal>
  );
}

/** 业主表决: a community's owners' votes, their turnout and results; open one; a vote's page in the drawer. */
export function VotesPage() {
  const tx = useTx();
  const { lang } = useI18n();
  const { home, community, tab, set } = useCommunityPage('votes');
  const list = useQuery({
    queryKey: ['votes', 'list', community],
    queryFn: () => votesApi.votes(community ?? ''),
    enabled: Boolean(community),
  });
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Card
      title={tx('业主表决与微实事', 'Owners’ votes and budgets')}
      extra={
        home.length < 12 && <CommunityPicker home={home} value={community} onChange={(c) => set({ community: c })} />
      }
    >
      {community && (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k })}
          items={[
            {
              key: 'votes',
              label: tx('业主共同决定', 'Owners’ votes'),
              children: (
                <Loaded query={list}>
                  {(d) => (
                    <>
                      {d.canManage && (
                        <Space style={{ marginBottom: 8 }}>
                          <OpenVote community={community} />
                        </Space>
                      )}
                      <Table
                        data-testid="votes"
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={d.items}
                        columns={[
                          {
                            title: tx('表决', 'Vote'),
                            render: (_, v) => (
                              <a onClick={() => setOpen(v.id)} data-testid={`vote-${v.id}`}>
                                {v.estate} · {v.title}
                              </a>
                            ),
                          },
                          {
                            title: tx('表决事项', 'Items'),
                            render: (_, v) =>
                              v.items.map((i, n) => (
                                <div key={i.no}>
                                  {i.no}. {i.title}
                                  {v.passed && (
                                    <Tag color={v.passed[n] ? 'green' : 'red'} style={{ marginLeft: 6 }}>
                                      {v.passed[n] ? tx('通过', 'Passed') : tx('未通过', 'Not passed')}
                                    </Tag>
                                  )}
                                </div>
                              )),
                          },
                          {
                            title: tx('表决期间', 'Period'),
                            render: (_, v) => `${when(v.opensAt)} — ${when(v.closesAt)}`,
                          },
                          {
                            title: tx('已投票（人数 / 面积）', 'Voted (heads / area)'),
                            render: (_, v) =>
                              `${v.participating.heads} / ${v.totals.heads} 人 · ${v.participating.area} / ${v.totals.area} ㎡`,
                          },
                          {
                            title: tx('状态', 'State'),
                            render: (_, v) => {
                              const [zh, en, color] = STATES[v.state];
                              return <Tag color={color}>{lang === 'zh' ? zh : en}</Tag>;
                            },
                          },
                        ]}
                      />
                    </>
                  )}
                </Loaded>
              ),
            },
            {
              key: 'budgets',
              label: tx('微实事', 'Participatory budget'),
              children: <Budgets community={community} />,
            },
          ]}
        />
      )}
      {open !== null && community && (
        <VoteDrawer id={open} street={community.slice(0, 9)} onClose={() => setOpen(null)} />
      )}
    </Card>
  );
}
