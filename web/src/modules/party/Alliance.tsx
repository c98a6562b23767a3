import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Collapse, Progress, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { agreementItemKindNames, resolutionStateNames } from '../../../../contracts/party.js';
import { ApiError } from '../../lib/http.js';
import { casesApi } from '../cases/api.js';
import { partyApi } from './api.js';
import { AttachFile, ItemProgress, NewAgreement, NewMeeting } from './AllianceForms.js';

type Data = Awaited<ReturnType<typeof partyApi.alliance>>;
type Resolution = Data['meetings'][number]['resolutions'][number];

const STATE: Record<string, string> = { open: 'blue', overdue: 'red', done: 'green' };

/** 党建联盟: each unit's agreement with its items' progress, and the joint meetings' resolutions. */
export function Alliance({ community, canManage }: { community: string; canManage: boolean }) {
  const tx = useTx();
  const { lang } = useI18n();
  const client = useQueryClient();
  const { message } = App.useApp();
  const data = useQuery({ queryKey: ['party', 'alliance', community], queryFn: () => partyApi.alliance(community) });
  const categories = useQuery({
    queryKey: ['case-categories'],
    queryFn: () => casesApi.categories(),
    enabled: canManage,
  });
  // the case's category: the shared and public matters a joint meeting decides (共事, 公事)
  const choices = (categories.data ?? []).filter((c) => c.active && c.parentId !== null && c.tier !== 'household');
  const [category, setCategory] = useState<string | undefined>();
  const act = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      message.success(done);
      void client.invalidateQueries({ queryKey: ['party', 'alliance'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Loaded query={data}>
      {(a) => (
        <>
          {canManage && (
            <Space style={{ marginBottom: 12 }}>
              <NewMeeting community={community} />
              <NewAgreement community={community} />
            </Space>
          )}
          <h3>
            {tx('联席会议决议', 'Joint meetings’ resolutions')}
            {a.overdue > 0 && (
              <Tag color="red" style={{ marginLeft: 8 }} data-testid="party-overdue">
                {tx(`逾期 ${a.overdue} 项`, `${a.overdue} overdue`)}
              </Tag>
            )}
          </h3>
          <Collapse
            defaultActiveKey={a.meetings.slice(0, 1).map((m) => m.id)}
            items={a.meetings.map((m) => ({
              key: m.id,
              label: `${m.heldOn} ${m.title}`,
              children: (
                <Table<Resolution>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={m.resolutions}
                  columns={[
                    { title: tx('决议事项', 'Resolution'), dataIndex: 'what' },
                    { title: tx('牵头单位', 'Lead unit'), dataIndex: 'lead', className: 'nowrap' },
                    {
                      title: tx('协办单位', 'Assisting'),
                      className: 'nowrap',
                      render: (_, r) => r.assisting.join('、') || '—',
                    },
                    { title: tx('期限', 'Due'), dataIndex: 'dueOn', className: 'nowrap' },
                    {
                      title: tx('状态', 'State'),
                      className: 'nowrap',
                      render: (_, r) => <Tag color={STATE[r.state]}>{resolutionStateNames[r.state][lang]}</Tag>,
                    },
                    {
                      title: tx('党员认领', 'Members'),
                      className: 'nowrap',
                      render: (_, r) =>
                        r.claimed ? (
                          <Tag color="green">{tx('已有党员认领', 'Claimed')}</Tag>
                        ) : canManage && r.state !== 'done' ? (
                          <Button
                            size="small"
                            type={r.forMembers ? 'default' : 'dashed'}
                            data-testid={`party-offer-${r.id}`}
                            onClick={() =>
                              void act(
                                () => partyApi.offer(r.id, !r.forMembers),
                                r.forMembers
                                  ? tx('已撤回', 'Taken back')
                                  : tx('已发布给党员认领', 'Put out to members'),
                              )
                            }
                          >
                            {r.forMembers ? tx('撤回认领', 'Take back') : tx('发布认领', 'Put out')}
                          </Button>
                        ) : r.forMembers ? (
                          <Tag>{tx('待认领', 'Open')}</Tag>
                        ) : (
                          '—'
                        ),
                    },
                    {
                      title: tx('案件', 'Case'),
                      className: 'nowrap',
                      render: (_, r) =>
                        r.caseId !== null ? (
                          <Link to={`/cases/${r.caseId}`}>{tx(`案件 ${r.caseId}`, `Case ${r.caseId}`)}</Link>
                        ) : canManage && r.state !== 'done' ? (
                          <Space>
                            <Select
                              size="small"
                              aria-label={tx('案件类别', 'Case category')}
                              placeholder={tx('案件类别', 'Category')}
                              style={{ width: 150 }}
                              value={category}
                              onChange={setCategory}
                              options={choices.map((c) => ({ value: c.code, label: c.name }))}
                            />
                            <Button
                              size="small"
                              disabled={!category}
                              onClick={() =>
                                void act(
                                  () => partyApi.resolutionCase(r.id, category ?? ''),
                                  tx('已转为案件', 'Case opened'),
                                )
                              }
                            >
                              {tx('转为案件', 'Open a case')}
                            </Button>
                            <Button
                              size="small"
                              onClick={() => void act(() => partyApi.resolutionDone(r.id), tx('已办结', 'Done'))}
                            >
                              {tx('办结', 'Done')}
                            </Button>
                          </Space>
                        ) : (
                          '—'
                        ),
                    },
                  ]}
                />
              ),
            }))}
          />
          <h3 style={{ marginTop: 24 }}>{tx('共驻共建协议', 'Co-building agreements')}</h3>
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10 }}
            scroll={{ x: 'max-content' }}
            dataSource={a.agreements}
            columns={[
              { title: tx('共建单位', 'Unit'), dataIndex: 'unit', className: 'nowrap' },
              { title: tx('签订', 'Signed'), dataIndex: 'signedOn', className: 'nowrap' },
              { title: tx('到期', 'Ends'), dataIndex: 'termEnd', className: 'nowrap' },
              {
                title: tx('签订文件', 'Signed file'),
                className: 'nowrap',
                render: (_, ag: Data['agreements'][number]) => (
                  <Space>
                    {ag.fileName ? (
                      <a href={`/api/party/agreements/${ag.id}/file`} target="_blank" rel="noreferrer">
                        {ag.fileName}
                      </a>
                    ) : (
                      tx('未上传', 'None')
                    )}
                    {canManage && <AttachFile agreementId={ag.id} />}
                  </Space>
                ),
              },
              {
                title: tx('事项与进度', 'Items and progress'),
                render: (_, ag: Data['agreements'][number]) => (
                  <div style={{ minWidth: 360 }}>
                    {ag.items.map((i) => (
                      <div key={i.id}>
                        {agreementItemKindNames[i.kind as 'activity']?.[lang] ?? i.kindName} · {i.what}：{i.done}/
                        {i.target} {i.unit}
                        {canManage && <ItemProgress itemId={i.id} unit={i.unit} />}
                        <Progress
                          aria-label={`${i.what} ${tx('完成度', 'done')}`}
                          percent={Math.min(100, Math.round((i.done / i.target) * 100))}
                          size="small"
                        />
                      </div>
                    ))}
                  </div>
                ),
              },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
