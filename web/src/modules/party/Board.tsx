import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n, useTx } from '../../i18n.js';
import { boardStateNames } from '../../../../contracts/party.js';
import { ApiError, withQuery } from '../../lib/http.js';
import { Loaded } from '../../components/Loaded.js';
import { partyApi } from './api.js';

type BoardItem = Awaited<ReturnType<typeof partyApi.board>>['items'][number];

export const STATE_COLOURS: Record<string, string> = {
  requested: 'gold',
  approved: 'blue',
  serving: 'green',
  silent: 'red',
  rejected: 'default',
};

/** 双报到 board: waiting, registered, serving, silent this year; approval with a post; the export. */
export function Board({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const client = useQueryClient();
  const { message } = App.useApp();
  const board = useQuery({ queryKey: ['party', 'board', community], queryFn: () => partyApi.board(community) });
  const posts = useQuery({ queryKey: ['party', 'posts', community], queryFn: () => partyApi.posts(community) });
  const [search, setSearch] = useState('');
  const decide = async (id: number, approve: boolean, postId: number | null) => {
    try {
      await partyApi.decide(id, { approve, postId: approve ? postId : null });
      message.success(approve ? tx('已通过，岗位已设定', 'Approved with a post') : tx('已退回', 'Turned down'));
      void client.invalidateQueries({ queryKey: ['party'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Loaded query={board}>
      {(data) => (
        <>
          <Space style={{ marginBottom: 12 }} data-testid="party-board-counts">
            {Object.entries(data.counts).map(([k, n]) => (
              <Tag key={k} color={STATE_COLOURS[k]}>
                {boardStateNames[k as 'serving']?.[lang] ?? k}：{n}
              </Tag>
            ))}
            <Input.Search
              allowClear
              data-testid="party-board-search"
              aria-label={tx('按姓名或单位查找', 'Find by name or employer')}
              placeholder={tx('按姓名或单位查找', 'Find by name or employer')}
              style={{ width: 220 }}
              onSearch={setSearch}
              onChange={(e) => setSearch(e.target.value)}
            />
            <span style={{ color: '#555' }}>
              {tx(`本年最低服务次数：${data.yearlyMinimum}`, `Yearly minimum: ${data.yearlyMinimum}`)}
            </span>
            <Button href={withQuery('/api/party/board.xlsx', { community })} data-testid="party-board-export">
              {tx('导出', 'Export')}
            </Button>
          </Space>
          <Table<BoardItem>
            data-testid="party-board"
            rowKey="id"
            size="small"
            dataSource={data.items.filter((i) => !search || i.name.includes(search) || i.employer.includes(search))}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: tx('姓名', 'Name'), dataIndex: 'name', className: 'nowrap' },
              { title: tx('工作单位', 'Employer'), dataIndex: 'employer', className: 'nowrap' },
              {
                title: tx('状态', 'State'),
                dataIndex: 'stateName',
                className: 'nowrap',
                render: (_: string, r) => <Tag color={STATE_COLOURS[r.state]}>{boardStateNames[r.state][lang]}</Tag>,
              },
              {
                title: tx('岗位', 'Post'),
                dataIndex: 'post',
                className: 'nowrap',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: tx('本年服务', 'This year'),
                className: 'nowrap',
                render: (_, r) => `${r.servicesThisYear} 次 / ${r.hoursThisYear} 小时`,
              },
              {
                title: tx('申请时间', 'Requested'),
                dataIndex: 'requestedAt',
                className: 'nowrap',
                render: (v: string) => v.slice(0, 10),
              },
              {
                title: tx('操作', 'Actions'),
                className: 'nowrap',
                render: (_, r) =>
                  r.state === 'requested' ? (
                    <DecideControls
                      id={r.id}
                      testPrefix="party"
                      posts={posts.data?.items ?? []}
                      onDecide={(approve, postId) => void decide(r.id, approve, postId)}
                    />
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}

/** 设岗定责 at approval: a post from the community's list, then 通过 (with it) or 退回. */
export function DecideControls({
  id,
  testPrefix,
  posts,
  onDecide,
}: {
  id: number;
  testPrefix: string;
  posts: readonly { id: number; name: string }[];
  onDecide: (approve: boolean, postId: number | null) => void;
}) {
  const tx = useTx();
  const [post, setPost] = useState<number | undefined>();
  return (
    <Space>
      <Select
        aria-label={tx('岗位', 'Post')}
        data-testid={`${testPrefix}-post-${id}`}
        placeholder={tx('设定岗位', 'Give a post')}
        style={{ width: 140 }}
        value={post}
        onChange={(v: number) => setPost(v)}
        options={posts.map((p) => ({ value: p.id, label: p.name }))}
      />
      <Button
        type="primary"
        size="small"
        data-testid={`${testPrefix}-approve-${id}`}
        onClick={() => onDecide(true, post ?? null)}
      >
        {tx('通过', 'Approve')}
      </Button>
      <Button size="small" onClick={() => onDecide(false, null)}>
        {tx('退回', 'Turn down')}
      </Button>
    </Space>
  );
}

export function Posts({ community, canManage }: { community: string; canManage: boolean }) {
  const tx = useTx();
  const client = useQueryClient();
  const { message } = App.useApp();
  const posts = useQuery({ queryKey: ['party', 'posts', community], queryFn: () => partyApi.posts(community) });
  const [name, setName] = useState('');
  const add = async () => {
    try {
      await partyApi.addPost(community, name);
      setName('');
      void client.invalidateQueries({ queryKey: ['party', 'posts'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Loaded query={posts}>
      {(data) => (
        <>
          {canManage && (
            <Space style={{ marginBottom: 12 }}>
              <Input
                aria-label={tx('岗位名称', 'Post name')}
                placeholder={tx('岗位名称，如 楼栋联络员', 'Post name')}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <Button onClick={() => void add()} disabled={name.trim().length < 2}>
                {tx('新增岗位', 'Add a post')}
              </Button>
            </Space>
          )}
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.items}
            columns={[
              { title: tx('岗位', 'Post'), dataIndex: 'name' },
              { title: tx('在岗党员', 'Members holding it'), dataIndex: 'holders' },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
