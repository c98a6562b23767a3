import { useQuery } from '@tanstack/react-query';
import { Card, Drawer, Tabs, Tag, Tree } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { officerPostNames, orgLevelNames, type OrgNode } from '../../../../contracts/party.js';
import { useAuth } from '../../auth.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { Alliance } from './Alliance.js';
import { partyApi } from './api.js';
import { Board, Posts } from './Board.js';
import { UnitBoard } from './UnitReports.js';
import { Members } from './Members.js';
import { NewOrg } from './OrgForms.js';
import { PartyMap } from './PartyMap.js';
import { Reviews } from './Reviews.js';
import { Units } from './Units.js';

/** The community a user works in (the secretary's), else undefined: the server picks or asks. */
function useOwnCommunity(): string | undefined {
  const { me } = useAuth();
  const codes = (me?.user.roles ?? []).flatMap((r) =>
    r.regionCode && r.regionCode.length >= 12 ? [r.regionCode.slice(0, 12)] : [],
  );
  return [...new Set(codes)][0];
}

type TreeItem = { key: number; title: React.ReactNode; children: TreeItem[] };
function treeData(nodes: OrgNode[], lang: 'zh' | 'en'): TreeItem[] {
  const tx = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  return nodes.map((n) => ({
    key: n.id,
    title: (
      <span data-testid={`party-org-${n.id}`}>
        <Tag>{orgLevelNames[n.level][lang]}</Tag>
        <b>{n.name}</b>
        {n.building && <span style={{ color: '#666' }}> · {n.building}</span>}
        <span style={{ marginLeft: 8 }}>{tx(`党员 ${n.members} 名`, `${n.members} members`)}</span>
        {n.officers.length > 0 && (
          <span style={{ marginLeft: 8, color: '#555' }}>
            {n.officers
              .map(
                (o) =>
                  `${officerPostNames[o.post][lang]}：${o.name}${o.partTime ? tx('（兼职）', ' (part-time)') : ''}`,
              )
              .join('　')}
          </span>
        )}
      </span>
    ),
    children: treeData(n.children, lang),
  }));
}

/** 党建: the organisation tree, its members (for those who may see them), the 双报到 board and the posts. */
export function PartyPage() {
  const tx = useTx();
  const { lang } = useI18n();
  const community = useOwnCommunity();
  const tree = useQuery({ queryKey: ['party', 'tree', community], queryFn: () => partyApi.tree(community) });
  const [org, setOrg] = useState<OrgNode | null>(null);
  const [params, setParams] = useSearchParams();
  const canRead = tree.data?.canReadMembers ?? false;
  return (
    <Card title={tx('党建引领 · 组织架构', 'Party organisation')}>
      <Tabs
        activeKey={params.get('tab') ?? 'tree'}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          {
            key: 'tree',
            label: tx('组织架构', 'Organisation'),
            children: (
              <Loaded query={tree}>
                {(data) => (
                  <>
                    {data.canManage && community && (
                      <div style={{ marginBottom: 12 }}>
                        <NewOrg roots={data.roots} community={community} />
                      </div>
                    )}
                    <Tree
                      data-testid="party-tree"
                      defaultExpandAll
                      treeData={treeData(data.roots, lang)}
                      onSelect={(keys) => {
                        const find = (ns: OrgNode[]): OrgNode | undefined =>
                          ns.flatMap((n) => [n, ...n.children]).find((n) => n.id === keys[0]) ??
                          ns.map((n) => find(n.children)).find(Boolean);
                        if (canRead) setOrg(find(data.roots) ?? null);
                      }}
                    />
                  </>
                )}
              </Loaded>
            ),
          },
          ...(community
            ? [{ key: 'map', label: tx('党建地图', 'Party map'), children: <PartyMap community={community} /> }]
            : []),
          ...(canRead && community
            ? [
                {
                  key: 'board',
                  label: tx('双报到', 'Dual registration'),
                  children: (
                    <>
                      <Board community={community} />
                      <UnitBoard community={community} />
                    </>
                  ),
                },
                {
                  key: 'posts',
                  label: tx('设岗定责', 'Posts'),
                  children: <Posts community={community} canManage={tree.data?.canManage ?? false} />,
                },
                {
                  key: 'alliance',
                  label: tx('党建联盟', 'Alliance'),
                  children: <Alliance community={community} canManage={tree.data?.canManage ?? false} />,
                },
                {
                  key: 'units',
                  label: tx('共建单位', 'Units'),
                  children: <Units community={community} canManage={tree.data?.canManage ?? false} />,
                },
                {
                  key: 'reviews',
                  label: tx('反向评价', 'Reverse evaluation'),
                  children: <Reviews community={community} />,
                },
              ]
            : []),
        ]}
      />
      <Drawer
        open={org !== null}
        width={880}
        title={org ? `${org.name} · ${tx('党员', 'Members')}` : ''}
        onClose={() => setOrg(null)}
      >
        {org && tree.data && (
          <Members org={org} roots={tree.data.roots} community={community} canManage={tree.data.canManage} />
        )}
      </Drawer>
    </Card>
  );
}
