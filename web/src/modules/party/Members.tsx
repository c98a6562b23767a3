import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Switch, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import type { OrgNode } from '../../../../contracts/party.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { partyApi } from './api.js';
import { AddMember, OrgActions } from './OrgForms.js';
import { useAct } from './useAct.js';

type Member = Awaited<ReturnType<typeof partyApi.members>>['items'][number];

/** An organisation's members (the secretary and its own officers), each opening their card. */
export function Members({
  org,
  roots,
  community,
  canManage,
}: {
  org: OrgNode;
  roots: OrgNode[];
  community: string | undefined;
  canManage: boolean;
}) {
  const tx = useTx();
  const members = useQuery({ queryKey: ['party', 'members', org.id], queryFn: () => partyApi.members(org.id) });
  const [card, setCard] = useState<number | null>(null);
  return (
    <Loaded query={members}>
      {(data) => (
        <>
          {canManage && (
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              {community && <AddMember org={org} community={community} />}
              <OrgActions org={org} roots={roots} members={data.items} />
            </div>
          )}
          <Table<Member>
            rowKey="id"
            size="small"
            dataSource={data.items}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: tx('姓名', 'Name'),
                dataIndex: 'name',
                className: 'nowrap',
                render: (v: string, m) => (
                  <Button type="link" size="small" data-testid={`party-member-${m.id}`} onClick={() => setCard(m.id)}>
                    {v}
                  </Button>
                ),
              },
              { title: tx('所在组织', 'Organisation'), dataIndex: 'org', className: 'nowrap' },
              { title: tx('状态', 'Status'), dataIndex: 'status', className: 'nowrap' },
              { title: tx('类别', 'Category'), dataIndex: 'category', className: 'nowrap' },
              { title: tx('组织关系', 'Relation'), dataIndex: 'relation', className: 'nowrap' },
              {
                title: tx('住址', 'Address'),
                dataIndex: 'address',
                className: 'nowrap',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: tx('岗位', 'Post'),
                dataIndex: 'post',
                className: 'nowrap',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: tx('共产党员户', 'Party household'),
                dataIndex: 'householdMarked',
                className: 'nowrap',
                render: (v: boolean) => (v ? <Tag color="red">{tx('亮身份', 'Shown')}</Tag> : '—'),
              },
              {
                title: tx('本年服务', 'Services this year'),
                className: 'nowrap',
                render: (_, m) => `${m.servicesThisYear} 次 / ${m.hoursThisYear} 小时`,
              },
            ]}
          />
          <History orgId={org.id} />
          <Drawer open={card !== null} width={560} title={tx('党员信息', 'Member card')} onClose={() => setCard(null)}>
            {card !== null && <MemberCard id={card} canManage={canManage} />}
          </Drawer>
        </>
      )}
    </Loaded>
  );
}

/** A member's card: personal data masked, organisation and posts, 双报到, services; 亮身份 switch. */
function MemberCard({ id, canManage }: { id: number; canManage: boolean }) {
  const tx = useTx();
  const act = useAct();
  const card = useQuery({ queryKey: ['party', 'card', id], queryFn: () => partyApi.card(id) });
  return (
    <Loaded query={card}>
      {(m) => (
        <>
          <Descriptions column={1} size="small" bordered data-testid="party-member-card">
            <Descriptions.Item label={tx('姓名', 'Name')}>{m.name}</Descriptions.Item>
            <Descriptions.Item label={tx('所在组织', 'Organisation')}>{m.org}</Descriptions.Item>
            <Descriptions.Item label={tx('党员类别', 'Status')}>
              {m.status} · {tx('入党', 'joined')} {m.joinedOn}
            </Descriptions.Item>
            <Descriptions.Item label={tx('身份 · 组织关系', 'Category · relation')}>
              {m.category} · {m.relation}
            </Descriptions.Item>
            <Descriptions.Item label={tx('住址', 'Address')}>{m.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={tx('联系电话', 'Phone')}>{m.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={tx('身份证号', 'ID number')}>{m.idNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={tx('组织职务', 'Officer posts')}>
              {m.officerPosts.join('；') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={tx('双报到', 'Dual registration')}>
              {m.registration ? `${m.registration.employer} · ${m.registration.state}` : '—'}
              {m.post && <Tag style={{ marginLeft: 8 }}>{m.post}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={tx('共产党员户', 'Party household')}>
              <Switch
                checked={m.householdMarked}
                disabled={!canManage}
                aria-label={tx('亮身份', 'Show the mark')}
                data-testid="party-household-switch"
                onChange={(on) =>
                  void act(
                    () => partyApi.patchMember(m.id, { householdMarked: on }),
                    on ? tx('已亮身份', 'Marked') : tx('已取消', 'Unmarked'),
                  )
                }
              />
            </Descriptions.Item>
            <Descriptions.Item label={tx('本年服务', 'This year')}>
              {tx(
                `${m.thisYear.services} 次 / ${m.thisYear.hours} 小时（最低 ${m.thisYear.minimum} 次）`,
                `${m.thisYear.services} services / ${m.thisYear.hours} h (minimum ${m.thisYear.minimum})`,
              )}
            </Descriptions.Item>
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>{tx('服务记录（本年与上年）', 'Services (this year and last)')}</h4>
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10 }}
            dataSource={m.services}
            columns={[
              { title: tx('日期', 'Date'), dataIndex: 'servedOn', className: 'nowrap' },
              { title: tx('时长（小时）', 'Hours'), dataIndex: 'hours' },
              { title: tx('内容', 'What'), dataIndex: 'what' },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}

/** 组织沿革: when the organisation was set up, moved, renamed or merged, and by whom. */
function History({ orgId }: { orgId: number }) {
  const tx = useTx();
  const history = useQuery({ queryKey: ['party', 'history', orgId], queryFn: () => partyApi.history(orgId) });
  if (!history.data || history.data.items.length === 0) return null;
  return (
    <>
      <h4 style={{ marginTop: 16 }}>{tx('组织沿革', 'History')}</h4>
      <Timeline
        data-testid="party-org-history"
        items={history.data.items.map((e) => ({
          key: e.id,
          content: `${e.at.slice(0, 10)} ${e.text}${e.actor ? `（${e.actor}）` : ''}`,
        }))}
      />
    </>
  );
}
