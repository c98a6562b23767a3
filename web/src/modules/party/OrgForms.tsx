import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  memberCategoryNames,
  memberRelationNames,
  memberStatusNames,
  officerPostNames,
  orgKindNames,
  type OrgLevel,
  type OrgNode,
} from '../../../../contracts/party.js';
import { useTx } from '../../i18n.js';
import { registryApi } from '../registry/api.js';
import { FormModal } from './FormModal.js';
import { partyApi } from './api.js';
import { today, useAct } from './useAct.js';

const CHILD: Partial<Record<OrgLevel, OrgLevel>> = {
  working_committee: 'committee',
  committee: 'branch',
  branch: 'group',
};
const flat = (ns: OrgNode[]): OrgNode[] => ns.flatMap((n) => [n, ...flat(n.children)]);
const names = <K extends string>(m: Record<K, { zh: string; en: string }>) =>
  (Object.keys(m) as K[]).map((k) => ({ value: k, label: m[k].zh }));
type OrgForm = { kind: string; name: string; parentId: number; grid?: string; buildingId?: number };
type MemberForm = {
  residentId?: number;
  name: string;
  status: string;
  joinedOn: dayjs.Dayjs;
  relation: string;
  category: string;
  householdMarked?: boolean;
};

const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** 新建组织: a branch under the committee (of a grid) or a group under a branch (of a building). */
export function NewOrg({ roots, community }: { roots: OrgNode[]; community: string }) {
  const tx = useTx();
  const act = useAct();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<OrgForm>();
  const parentId = Form.useWatch<number | undefined>('parentId', form);
  const parent = flat(roots).find((o) => o.id === parentId);
  const level = parent ? CHILD[parent.level] : undefined;
  const layer = useQuery({
    queryKey: ['party', 'layer', community],
    queryFn: () => partyApi.layer(community),
    enabled: open,
  });
  const grid = parent && parent.region.length === 15 ? parent.region : undefined;
  const buildings = useQuery({
    queryKey: ['registry', 'buildings', grid],
    queryFn: () => registryApi.buildings(grid ?? ''),
    enabled: open && level === 'group' && grid !== undefined,
  });
  return (
    <FormModal<OrgForm>
      form={form}
      label={tx('新建组织', 'New organisation')}
      testId="party-new-org"
      title={tx('新建党组织', 'New party organisation')}
      okText={tx('建立', 'Set up')}
      initialValues={{ kind: 'grid' }}
      onOpen={() => setOpen(true)}
      onSubmit={async (v) =>
        parent !== undefined &&
        level !== undefined &&
        act(
          () =>
            partyApi.createOrg({
              level,
              kind: v.kind,
              name: v.name,
              parentId: parent.id,
              region: level === 'branch' ? (v.grid ?? community) : parent.region,
              buildingId: v.buildingId ?? null,
            }),
          tx('组织已建立', 'Organisation set up'),
        )
      }
    >
      <Form.Item
        name="parentId"
        label={tx('上级组织', 'Parent')}
        rules={[{ required: true, message: tx('请选择上级组织', 'Pick the parent') }]}
      >
        <Select
          options={flat(roots)
            .filter((o) => CHILD[o.level] && o.level !== 'working_committee')
            .map((o) => ({ value: o.id, label: `${o.levelName} · ${o.name}` }))}
        />
      </Form.Item>
      {level && (
        <p>
          {tx('将建立：', 'Will be: ')}
          <b>{level === 'branch' ? tx('党支部', 'Branch') : tx('党小组', 'Group')}</b>
        </p>
      )}
      <Form.Item
        name="name"
        label={tx('名称', 'Name')}
        rules={[{ required: true, min: 2, max: 60, message: tx('名称 2–60 字', '2–60 characters') }]}
      >
        <Input placeholder={tx('如 庆城社区第3网格党支部', 'e.g. Grid 3 branch')} />
      </Form.Item>
      <Form.Item name="kind" label={tx('类型', 'Kind')}>
        <Select options={names(orgKindNames)} />
      </Form.Item>
      {level === 'branch' && (
        <Form.Item name="grid" label={tx('所在网格（不选则为社区）', 'Grid (none: the community)')}>
          <Select allowClear options={(layer.data?.grids ?? []).map((g) => ({ value: g.code, label: g.name }))} />
        </Form.Item>
      )}
      {level === 'group' && (
        <Form.Item name="buildingId" label={tx('所在楼栋', 'Building')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(buildings.data?.items ?? []).map((b) => ({
              value: b.id,
              label: `${b.estate ?? ''} ${b.name}`,
            }))}
          />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** 添加党员: a member of this organisation, linked to a resident found by name when they live here. */
export function AddMember({ org, community }: { org: OrgNode; community: string }) {
  const tx = useTx();
  const act = useAct();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [form] = Form.useForm<MemberForm>();
  const found = useQuery({
    queryKey: ['registry', 'residents', community, q],
    queryFn: () => registryApi.residents({ region: community, q }),
    enabled: open && q.length >= 2,
  });
  return (
    <FormModal<MemberForm>
      form={form}
      label={tx('添加党员', 'Add a member')}
      testId="party-add-member"
      title={`${tx('添加党员', 'Add a member')} · ${org.name}`}
      okText={tx('添加', 'Add')}
      initialValues={{ status: 'full', relation: 'local', category: 'retired' }}
      onOpen={() => setOpen(true)}
      onSubmit={(v) =>
        act(
          () =>
            partyApi.addMember({
              orgId: org.id,
              residentId: v.residentId ?? null,
              name: v.name,
              status: v.status,
              joinedOn: day(v.joinedOn),
              relation: v.relation,
              category: v.category,
              householdMarked: v.householdMarked ?? false,
            }),
          tx('党员已添加', 'Member added'),
        )
      }
    >
      <Form.Item name="residentId" label={tx('本社区居民（按姓名查找）', 'Resident here (find by name)')}>
        <Select
          allowClear
          showSearch
          filterOption={false}
          onSearch={setQ}
          onChange={(id: number | undefined) => {
            const r = found.data?.items.find((x) => x.id === id);
            if (r) form.setFieldValue('name', r.name);
          }}
          notFoundContent={q.length < 2 ? tx('输入至少两个字', 'Type two characters') : tx('未找到', 'None found')}
          options={(found.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name} · ${r.address ?? ''}` }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={tx('姓名', 'Name')}
        rules={[{ required: true, min: 2, max: 30, message: tx('请填写姓名', 'Name them') }]}
      >
        <Input />
      </Form.Item>
      <Space wrap>
        <Form.Item name="status" label={tx('党员类别', 'Status')}>
          <Select style={{ width: 140 }} options={names(memberStatusNames)} />
        </Form.Item>
        <Form.Item
          name="joinedOn"
          label={tx('入党日期', 'Joined')}
          rules={[{ required: true, message: tx('请选择入党日期', 'Pick the date') }]}
        >
          <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="relation" label={tx('组织关系', 'Relation')}>
          <Select style={{ width: 200 }} options={names(memberRelationNames)} />
        </Form.Item>
        <Form.Item name="category" label={tx('身份', 'Category')}>
          <Select style={{ width: 140 }} options={names(memberCategoryNames)} />
        </Form.Item>
      </Space>
      <Form.Item name="householdMarked" valuePropName="checked">
        <Checkbox>{tx('亮身份：家庭挂“共产党员户”牌', 'Show 共产党员户 on the household')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}

/** 任命委员 and 合并: an organisation's officers for a term, and merging it into another of its level. */
export function OrgActions({
  org,
  roots,
  members,
}: {
  org: OrgNode;
  roots: OrgNode[];
  members: { id: number; name: string }[];
}) {
  const tx = useTx();
  const act = useAct();
  const [into, setInto] = useState<number | undefined>();
  const [moveForm] = Form.useForm<{ name: string; parentId: number }>();
  const peers = flat(roots).filter((o) => o.level === org.level && o.id !== org.id);
  const parents = flat(roots).filter((o) => CHILD[o.level] === org.level);
  const parentOf = flat(roots).find((p) => p.children.some((c) => c.id === org.id));
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <FormModal<{ post: string; memberId?: number; name?: string; term?: [dayjs.Dayjs, dayjs.Dayjs | null] }>
        label={tx('任命委员', 'Name an officer')}
        title={`${tx('任命委员', 'Name an officer')} · ${org.name}`}
        okText={tx('任命', 'Name')}
        initialValues={{ post: org.level === 'group' ? 'group_leader' : 'organization' }}
        onSubmit={(v) =>
          act(
            () =>
              partyApi.addOfficer({
                orgId: org.id,
                post: v.post,
                memberId: v.memberId ?? null,
                name: v.memberId ? null : v.name,
                termStart: day(v.term?.[0]) ?? today(),
                termEnd: day(v.term?.[1]),
              }),
            tx('已任命', 'Named'),
          )
        }
      >
        <Form.Item name="post" label={tx('职务', 'Post')}>
          <Select options={names(officerPostNames)} />
        </Form.Item>
        <Form.Item name="memberId" label={tx('本组织党员', 'A member here')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={members.map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
        <Form.Item name="name" label={tx('或兼职委员姓名（共建单位）', 'Or a part-time member’s name')}>
          <Input />
        </Form.Item>
        <Form.Item name="term" label={tx('任期', 'Term')}>
          <DatePicker.RangePicker allowEmpty={[false, true]} />
        </Form.Item>
      </FormModal>
      {parentOf && (
        <FormModal<{ name: string; parentId: number }>
          form={moveForm}
          label={tx('更名 / 调整隶属', 'Rename / move')}
          title={`${tx('更名 / 调整隶属', 'Rename / move')} · ${org.name}`}
          okText={tx('保存', 'Save')}
          onOpen={() => moveForm.setFieldsValue({ parentId: parentOf.id, name: org.name })}
          onSubmit={(v) =>
            act(
              () => partyApi.moveOrg(org.id, { parentId: v.parentId, name: v.name }),
              tx('已调整（原隶属与名称留存于历史）', 'Changed (history kept)'),
            )
          }
        >
          <Form.Item
            name="name"
            label={tx('名称', 'Name')}
            rules={[{ required: true, min: 2, max: 60, message: tx('名称 2–60 字', '2–60 characters') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="parentId" label={tx('上级组织', 'Parent')}>
            <Select options={parents.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
        </FormModal>
      )}
      <Select
        style={{ width: 220 }}
        aria-label={tx('合并到', 'Merge into')}
        placeholder={tx('合并到同级组织…', 'Merge into…')}
        value={into}
        onChange={setInto}
        options={peers.map((p) => ({ value: p.id, label: p.name }))}
      />
      <Button
        danger
        disabled={into === undefined}
        onClick={() =>
          Modal.confirm({
            title: tx('确认合并', 'Merge?'),
            content: tx(
              `「${org.name}」的党员和下级组织将并入「${peers.find((p) => p.id === into)?.name ?? ''}」，原组织撤销（历史保留）。`,
              'Members and sub-organisations move; this one ends (history kept).',
            ),
            okText: tx('合并', 'Merge'),
            cancelText: tx('取消', 'Cancel'),
            onOk: () => act(() => partyApi.mergeOrg(org.id, into ?? 0), tx('已合并', 'Merged')),
          })
        }
      >
        {tx('合并', 'Merge')}
      </Button>
    </Space>
  );
}
