import { useQuery } from '@tanstack/react-query';
import { Form, Input, Select, Space, Table } from 'antd';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { partyApi } from '../party/api.js';
import { volunteersApi } from './volunteers-api.js';
import type { OrgNode } from '../../../../contracts/party.js';

/** 服务队: the community's teams with their leader and party group, members, and this year's activities and hours. */
export function Teams({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('points');
  const street = community.slice(0, 9);
  const teams = useQuery({ queryKey: ['points', 'teams', community], queryFn: () => volunteersApi.teams(community) });
  const people = useQuery({
    queryKey: ['points', 'volunteers', community, ''],
    queryFn: () => volunteersApi.list(community),
  });
  const options = (people.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.name}（${v.volunteerNo}）` }));
  // the party groups and branches of the community's party tree, for the group inside a team
  const tree = useQuery({ queryKey: ['party', 'tree', community], queryFn: () => partyApi.tree(community) });
  const groups: { value: number; label: string }[] = [];
  const walk = (nodes: OrgNode[]) =>
    nodes.forEach((n) => {
      if (n.level === 'group' || n.level === 'branch')
        groups.push({ value: n.id, label: `${n.name}（${n.levelName}）` });
      walk(n.children);
    });
  walk(tree.data?.roots ?? []);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <FormModal<{ name: string; leaderId?: number; partyOrgId?: number; partyGroup?: string }>
          label={tx('新建服务队', 'New team')}
          testId="add-team"
          title={tx('新建志愿服务队', 'New volunteer team')}
          okText={tx('保存', 'Save')}
          onSubmit={(v) =>
            act(
              () =>
                volunteersApi.addTeam({
                  community,
                  name: v.name,
                  leaderId: v.leaderId ?? null,
                  partyOrgId: v.partyOrgId ?? null,
                  partyGroup: v.partyGroup ?? '',
                }),
              tx('服务队已建立', 'Team set up'),
            )
          }
        >
          <Form.Item name="name" label={tx('队名', 'Name')} rules={[{ required: true, min: 2, max: 40 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="leaderId" label={tx('队长', 'Leader')}>
            <Select showSearch optionFilterProp="label" options={options} allowClear />
          </Form.Item>
          <Form.Item name="partyOrgId" label={tx('队内党组织（党建组织树）', 'Party group (from the party tree)')}>
            <Select showSearch optionFilterProp="label" options={groups} allowClear />
          </Form.Item>
          <Form.Item
            name="partyGroup"
            label={tx('或填写党小组名称（尚未建入组织树时）', 'Or its name (not in the tree yet)')}
            rules={[{ max: 40 }]}
          >
            <Input placeholder={tx('如：红马甲党小组', 'e.g. 红马甲党小组')} />
          </Form.Item>
        </FormModal>
      </Space>
      <Loaded query={teams}>
        {(d) => (
          <Table
            data-testid="teams"
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.items}
            columns={[
              { title: tx('服务队', 'Team'), dataIndex: 'name' },
              { title: tx('队长', 'Leader'), render: (_, t) => t.leader ?? '—' },
              { title: tx('党小组', 'Party group'), render: (_, t) => t.partyGroup || '—' },
              { title: tx('队员', 'Members'), dataIndex: 'members', align: 'right' },
              { title: tx('本年活动', 'Activities this year'), dataIndex: 'activitiesYear', align: 'right' },
              { title: tx('本年服务时长', 'Hours this year'), dataIndex: 'hoursYear', align: 'right' },
              {
                title: tx('操作', 'Actions'),
                render: (_, t) => (
                  <FormModal<{ ids: number[] }>
                    small
                    label={tx('添加队员', 'Add members')}
                    testId={`add-members-${t.id}`}
                    title={`${t.name} · ${tx('添加队员', 'Add members')}`}
                    okText={tx('添加', 'Add')}
                    onSubmit={(v) =>
                      act(() => volunteersApi.addMembers(t.id, street, v.ids), tx('队员已添加', 'Added'))
                    }
                  >
                    <Form.Item name="ids" label={tx('志愿者', 'Volunteers')} rules={[{ required: true }]}>
                      <Select mode="multiple" showSearch optionFilterProp="label" options={options} />
                    </Form.Item>
                  </FormModal>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}
