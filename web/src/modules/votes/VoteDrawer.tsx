import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Form, Input, Radio, Select, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { choiceNames, choices, type Choice } from '../../../../contracts/votes.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { withQuery } from '../../lib/http.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { votesApi, type VoteDetail } from './api.js';

const pct = (a: string | number, b: string | number) =>
  Number(b) > 0 ? `${((Number(a) / Number(b)) * 100).toFixed(2)}%` : '—';
const yes = (ok: boolean, y: string, n: string) => <Tag color={ok ? 'green' : 'red'}>{ok ? y : n}</Tag>;

/** 录入纸质票 / 书面委托: the owner found by a unit, a choice per item, the scan or authorisation uploaded first. */
function EntryForm({ v, street }: { v: VoteDetail; street: string }) {
  const tx = useTx();
  const act = useAct('votes');
  const [q, setQ] = useState('');
  const [fileId, setFileId] = useState<number | null>(null);
  const found = useQuery({ queryKey: ['votes', 'voters', v.id, q], queryFn: () => votesApi.voters(v.id, street, q) });
  return (
    <FormModal<{ voter: string; channel: 'paper' | 'proxy'; proxyName?: string; items: Record<string, Choice> }>
      label={tx('录入纸质票或委托', 'Enter a paper ballot or proxy')}
      testId="enter-ballot"
      title={tx('录入纸质表决票 / 书面委托', 'Paper ballot or written proxy')}
      okText={tx('保存', 'Save')}
      initialValues={{ channel: 'paper' }}
      onOpen={() => setFileId(null)}
      onSubmit={(f) =>
        act(
          async () => {
            if (fileId === null) throw new Error(tx('请先上传扫描件', 'Upload the scan first'));
            await votesApi.enter(v.id, {
              street,
              voter: f.voter,
              channel: f.channel,
              proxyName: f.channel === 'proxy' ? (f.proxyName ?? null) : null,
              fileId,
              choices: v.items.map((i) => ({ no: i.no, choice: f.items[String(i.no)] as Choice })),
            });
          },
          tx('已录入；纸质票须另一人复核后计入', 'Entered; a paper ballot counts once another person checks it'),
        )
      }
    >
      <Form.Item
        name="voter"
        label={tx('业主（输入楼栋房号查找）', 'Owner (type a unit)')}
        rules={[{ required: true }]}
      >
        <Select
          showSearch
          filterOption={false}
          onSearch={setQ}
          options={(found.data?.items ?? []).map((o) => ({
            value: o.voter,
            label: `${o.units} · ${o.names}（${o.owner}，${o.area}㎡）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="channel" label={tx('方式', 'Channel')}>
        <Radio.Group
          options={[
            { value: 'paper', label: tx('纸质表决票', 'Paper ballot') },
            { value: 'proxy', label: tx('书面委托', 'Written proxy') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.channel !== b.channel}>
        {({ getFieldValue }) =>
          getFieldValue('channel') === 'proxy' && (
            <Form.Item name="proxyName" label={tx('受托人姓名', 'Proxy’s name')} rules={[{ required: true, min: 2 }]}>
              <Input />
            </Form.Item>
          )
        }
      </Form.Item>
      {v.items.map((i) => (
        <Form.Item key={i.no} name={['items', String(i.no)]} label={`${i.no}. ${i.title}`} rules={[{ required: true }]}>
          <Radio.Group options={choices.map((c) => ({ value: c, label: choiceNames[c].zh }))} />
        </Form.Item>
      ))}
      <Upload
        accept="application/pdf,image/jpeg,image/png"
        showUploadList={false}
        beforeUpload={(file) => {
          void act(async () => setFileId((await votesApi.scan(v.id, street, file)).id), tx('扫描件已上传', 'Uploaded'));
          return false;
        }}
      >
        <Button data-testid="upload-scan">
          {fileId === null ? tx('上传扫描件 / 授权委托书', 'Upload the scan') : tx('已上传 ✓ 重新上传', 'Uploaded ✓')}
        </Button>
      </Upload>
    </FormModal>
  );
}

/** A vote's page: the register, each item's four counters against the law's thresholds, entries to check, conflicts. */
export function VoteDrawer({ id, street, onClose }: { id: number; street: string; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('votes');
  const d = useQuery({ queryKey: ['votes', 'vote', id], queryFn: () => votesApi.vote(id, street) });
  const [showChanges, setShowChanges] = useState(false);
  const changes = useQuery({
    queryKey: ['votes', 'changes', id],
    queryFn: () => votesApi.changes(id, street),
    enabled: showChanges,
  });
  return (
    <Drawer open width={920} title={tx('业主表决', 'Owners’ vote')} onClose={onClose}>
      <Loaded query={d}>
        {(v) => (
          <>
            <Descriptions size="small" column={3} title={`${v.estate} · ${v.title}`}>
              <Descriptions.Item label={tx('专有部分', 'Units')}>{v.electorate.units} 套</Descriptions.Item>
              <Descriptions.Item label={tx('业主人数', 'Owners')}>
                {v.items[0]?.tally.totals.heads ?? 0} 人
              </Descriptions.Item>
              <Descriptions.Item label={tx('总面积', 'Total area')}>
                {v.items[0]?.tally.totals.area} ㎡
              </Descriptions.Item>
              <Descriptions.Item label={tx('开发建设单位未售', 'Developer unsold')}>
                {v.electorate.developerUnits} 套 {v.electorate.developerArea} ㎡（计1人）
              </Descriptions.Item>
              <Descriptions.Item label={tx('共有房屋', 'Joint owners')}>
                {v.electorate.jointOwners} 户（各计1人）
              </Descriptions.Item>
              <Descriptions.Item label={tx('一人多套', 'Several units')}>
                {v.electorate.ownersOfSeveral} 人（各计1人）
              </Descriptions.Item>
              <Descriptions.Item label={tx('面积来源', 'Areas')}>
                {tx(
                  `不动产登记；实测 ${v.electorate.surveyedAreas} 套；合同 ${v.electorate.contractAreas} 套`,
                  `registered; surveyed ${v.electorate.surveyedAreas}; contract ${v.electorate.contractAreas}`,
                )}
              </Descriptions.Item>
              <Descriptions.Item label={tx('名册生成时间', 'Register taken')}>
                {new Date(v.snapshotAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
              </Descriptions.Item>
              <Descriptions.Item label={tx('未投票业主', 'Non-voters')}>
                {v.nonVotersWithMajority
                  ? tx('依议事规则计入多数票', 'Go with the majority (estate rule)')
                  : tx('不计入任何一方', 'Counted for no side')}
              </Descriptions.Item>
            </Descriptions>
            <Table
              data-testid="vote-items"
              size="small"
              rowKey="no"
              pagination={false}
              dataSource={v.items}
              columns={[
                { title: tx('事项', 'Item'), render: (_, i) => `${i.no}. ${i.title}（${i.matterName}）` },
                {
                  title: tx('参与表决', 'Taking part'),
                  render: (_, i) => (
                    <>
                      {i.tally.participating.heads}/{i.tally.totals.heads} 人（
                      {pct(i.tally.participating.heads, i.tally.totals.heads)}）
                      <br />
                      {i.tally.participating.area}/{i.tally.totals.area} ㎡（
                      {pct(i.tally.participating.area, i.tally.totals.area)}）
                    </>
                  ),
                },
                {
                  title: tx('同意', 'Agreeing'),
                  render: (_, i) => (
                    <>
                      {i.tally.agreeing.heads} 人（{pct(i.tally.agreeing.heads, i.tally.participating.heads)}）
                      <br />
                      {i.tally.agreeing.area} ㎡（{pct(i.tally.agreeing.area, i.tally.participating.area)}）
                    </>
                  ),
                },
                {
                  title: tx('反对 / 弃权', 'Oppose / abstain'),
                  render: (_, i) => `${i.tally.opposing.heads} / ${i.tally.abstaining.heads} 人`,
                },
                {
                  title: tx('结果', 'Result'),
                  render: (_, i) => (
                    <Space direction="vertical" size={2}>
                      {yes(i.tally.quorum, tx('参与人数达到', 'Quorum met'), tx('参与人数未达到', 'No quorum'))}
                      {i.tally.quorum &&
                        yes(i.tally.approval, tx('同意票达到', 'Approved'), tx('同意票未达到', 'Not approved'))}
                      {v.state === 'closed' && yes(i.tally.passed, tx('通过', 'Passed'), tx('未通过', 'Not passed'))}
                      {v.state === 'closed' && (
                        <a
                          href={`/api/public/owner-votes/${street}/${v.id}/items/${i.no}`}
                          target="_blank"
                          rel="noreferrer"
                        >
                          {tx('表决票明细（可复核）', 'Ballot file')}
                        </a>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
            <p style={{ color: 'rgba(0,0,0,.65)' }}>{v.items[0]?.tally.rule.quorum}</p>
            {v.state !== 'closed' && (
              <Space style={{ margin: '8px 0' }} wrap>
                {v.state === 'open' && <EntryForm v={v} street={street} />}
                {v.state === 'counting' && (
                  <Button
                    type="primary"
                    data-testid="close-vote"
                    onClick={() =>
                      void act(() => votesApi.close(v.id, street), tx('已计票并公布', 'Counted and published'))
                    }
                  >
                    {tx('计票并公布结果', 'Count and publish')}
                  </Button>
                )}
                <Button onClick={() => setShowChanges(true)}>
                  {tx('名册生成后的登记变化', 'Registry changes since')}
                </Button>
              </Space>
            )}
            {showChanges && (
              <Loaded query={changes}>
                {(c) => (
                  <p data-testid="vote-changes">
                    {c.items.length === 0
                      ? tx('名册生成后登记无变化', 'No change since the register was taken')
                      : c.items.map((x) => `${x.unit}：${x.change}`).join('；')}
                    {tx('（表决按名册计票，不受影响）', ' (the vote counts over the register)')}
                  </p>
                )}
              </Loaded>
            )}
            {v.pending.length > 0 && (
              <>
                <h4>{tx('待复核的纸质票', 'Paper entries to check')}</h4>
                <Table
                  data-testid="pending"
                  size="small"
                  rowKey="voter"
                  pagination={false}
                  dataSource={v.pending}
                  columns={[
                    { title: tx('房屋', 'Units'), dataIndex: 'units' },
                    { title: tx('录入人', 'Entered by'), dataIndex: 'enteredBy' },
                    {
                      title: tx('扫描件', 'Scan'),
                      render: (_, p) =>
                        p.fileId && (
                          <a
                            href={withQuery(`/api/owner-votes/${v.id}/files/${p.fileId}`, { street })}
                            target="_blank"
                            rel="noreferrer"
                          >
                            {tx('查看', 'Open')}
                          </a>
                        ),
                    },
                    {
                      title: '',
                      render: (_, p) => (
                        <Button
                          size="small"
                          onClick={() =>
                            void act(() => votesApi.confirm(v.id, street, p.voter), tx('已复核，计入', 'Confirmed'))
                          }
                        >
                          {tx('核对无误', 'Confirm')}
                        </Button>
                      ),
                    },
                  ]}
                />
              </>
            )}
            {v.conflicts.length > 0 && (
              <>
                <h4>
                  {tx('同一业主多渠道投票（处理后才能计票）', 'Ballots from two channels (resolve before counting)')}
                </h4>
                <Table
                  data-testid="conflicts"
                  size="small"
                  rowKey={(c) => `${c.voter}:${c.item}`}
                  pagination={false}
                  dataSource={v.conflicts}
                  columns={[
                    { title: tx('房屋', 'Units'), dataIndex: 'units' },
                    { title: tx('事项', 'Item'), dataIndex: 'item' },
                    {
                      title: tx('以哪一票为准', 'Keep'),
                      render: (_, c) => (
                        <Space>
                          {c.ballots.map((b) => (
                            <Button
                              key={b.channel}
                              size="small"
                              onClick={() =>
                                void act(
                                  () =>
                                    votesApi.resolve(v.id, {
                                      street,
                                      voter: c.voter,
                                      item: c.item,
                                      keep: b.channel as 'online',
                                      reason: `经与业主核实，以${b.channelName}为准`,
                                    }),
                                  tx('已处理', 'Resolved'),
                                )
                              }
                            >
                              {b.channelName}：{b.choiceName}
                            </Button>
                          ))}
                        </Space>
                      ),
                    },
                  ]}
                />
              </>
            )}
          </>
        )}
      </Loaded>
    </Drawer>
  );
}
