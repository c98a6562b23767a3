import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { noticeCategories, noticeCategoryNames, type NoticeCategory } from '../../../../contracts/deliberation.js';
import { roleNames, type Role } from '../../../../contracts/roles.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { useNameOf } from '../../lib/names.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { deliberationApi } from './api.js';
import { Attachments } from './Attachments.js';
import { usePlaces } from './usePlaces.js';

const STAFF: Role[] = ['community_worker', 'grid_worker', 'building_leader', 'party_member', 'volunteer'];

/** 党务公开·居务公开: the community's notices — scheduled, published, withdrawn — with read rates for staff ones. */
export function Notices({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('deliberation');
  const nameOf = useNameOf(noticeCategoryNames);
  const street = community.slice(0, 9);
  const list = useQuery({
    queryKey: ['deliberation', 'notices', community],
    queryFn: () => deliberationApi.notices(community),
  });
  const [form] = Form.useForm<{
    category: NoticeCategory;
    audience: 'public' | 'staff';
    role?: Role;
    buildingId?: number;
    region?: string;
    title: string;
    body: string;
    table?: string;
    pinned?: boolean;
    publishAt: Dayjs;
    withdrawAt?: Dayjs;
  }>();
  const category = Form.useWatch('category', form);
  const places = usePlaces(community);
  const audience = Form.useWatch('audience', form);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <FormModal
          form={form}
          label={tx('发布公告', 'Publish a notice')}
          testId="add-notice"
          title={tx('发布公开公告', 'Publish a notice')}
          okText={tx('发布', 'Publish')}
          width={640}
          initialValues={{
            category: 'residents',
            audience: 'public',
            publishAt: dayjs(),
            pinned: false,
            region: community,
          }}
          onSubmit={(v) => {
            const lines = (v.table ?? '')
              .split('\n')
              .map((l) => l.split(/[,，\t]/).map((c) => c.trim()))
              .filter((r) => r.some(Boolean));
            return act(
              () =>
                deliberationApi.addNotice({
                  region: v.region ?? community,
                  category: v.category,
                  audience: v.audience,
                  role: v.audience === 'staff' ? (v.role ?? null) : null,
                  buildingId: v.buildingId ?? null,
                  title: v.title,
                  body: v.body,
                  pinned: v.pinned ?? false,
                  publishAt: v.publishAt.toISOString(),
                  withdrawAt: v.withdrawAt ? v.withdrawAt.toISOString() : null,
                  finance: lines.length ? { columns: lines[0] ?? [], rows: lines.slice(1) } : null,
                }),
              tx('公告已发布', 'Published'),
            );
          }}
        >
          <Space>
            <Form.Item name="category" label={tx('类别', 'Category')}>
              <Select
                style={{ width: 140 }}
                options={noticeCategories.map((c) => ({ value: c, label: noticeCategoryNames[c][lang] }))}
              />
            </Form.Item>
            <Form.Item name="audience" label={tx('对象', 'Audience')}>
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'public', label: tx('全体居民（公开）', 'Everyone (public)') },
                  { value: 'staff', label: tx('工作人员', 'Staff') },
                ]}
              />
            </Form.Item>
            {audience === 'staff' && (
              <Form.Item name="role" label={tx('角色', 'Role')}>
                <Select
                  allowClear
                  style={{ width: 140 }}
                  options={STAFF.map((r) => ({ value: r, label: roleNames[r][lang] }))}
                />
              </Form.Item>
            )}
          </Space>
          <Form.Item name="region" label={tx('范围', 'For')}>
            <Select
              options={[
                { value: community, label: tx('全社区', 'The community') },
                { value: community.slice(0, 9), label: tx('全街道（街道工作人员发布）', 'The whole street') },
                ...places.grids,
              ]}
            />
          </Form.Item>
          <Form.Item name="buildingId" label={tx('仅限楼栋（可选）', 'One building only (optional)')}>
            <Select allowClear showSearch optionFilterProp="label" options={places.buildings} />
          </Form.Item>
          <Form.Item name="title" label={tx('标题', 'Title')} rules={[{ required: true, min: 2, max: 80 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={tx('正文', 'Text')} rules={[{ required: true, min: 2, max: 8000 }]}>
            <Input.TextArea rows={5} />
          </Form.Item>
          {category === 'finance' && (
            <Form.Item
              name="table"
              label={tx('收支明细表（每行一项，逗号分隔，第一行为表头）', 'Table (comma-separated, header first)')}
              rules={[{ required: true }]}
            >
              <Input.TextArea rows={4} placeholder={'项目,收入（元）,支出（元）\n社区工作经费,60000.00,41250.00'} />
            </Form.Item>
          )}
          <Space>
            <Form.Item name="publishAt" label={tx('发布时间', 'Publish at')} rules={[{ required: true }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="withdrawAt" label={tx('撤下时间（可选）', 'Withdraw at')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="pinned" label={tx('置顶', 'Pinned')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </FormModal>
      </Space>
      <Loaded query={list}>
        {(d) => (
          <Table
            data-testid="notices"
            size="small"
            rowKey="id"
            dataSource={d.items}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: tx('类别', 'Category'), render: (_, n) => nameOf(n.categoryName) },
              {
                title: tx('标题', 'Title'),
                render: (_, n) => (
                  <>
                    {n.pinned && <Tag color="red">{tx('置顶', 'Pinned')}</Tag>}
                    {n.title}
                  </>
                ),
              },
              {
                title: tx('对象', 'Audience'),
                render: (_, n) =>
                  n.audience === 'public'
                    ? tx('全体居民', 'Everyone')
                    : `${tx('工作人员', 'Staff')}${n.role ? `·${roleNames[n.role as Role]?.[lang] ?? n.role}` : ''}`,
              },
              {
                title: tx('状态', 'State'),
                render: (_, n) =>
                  ({
                    scheduled: <Tag color="blue">{tx('待发布', 'Scheduled')}</Tag>,
                    published: <Tag color="green">{tx('已发布', 'Published')}</Tag>,
                    withdrawn: <Tag>{tx('已撤下', 'Withdrawn')}</Tag>,
                  })[n.state],
              },
              { title: tx('发布时间', 'Published'), render: (_, n) => dayjs(n.publishAt).format('YYYY-MM-DD HH:mm') },
              {
                title: tx('附件', 'Files'),
                render: (_, n) => (
                  <Attachments
                    street={street}
                    kind="notice"
                    id={n.id}
                    files={n.files}
                    canUpload={n.state !== 'withdrawn'}
                  />
                ),
              },
              {
                title: tx('已读', 'Read'),
                render: (_, n) => (n.readRate === null ? '—' : `${n.reads}（${n.readRate}%）`),
              },
              {
                title: tx('操作', 'Actions'),
                render: (_, n) =>
                  n.state !== 'withdrawn' && (
                    <Button
                      size="small"
                      onClick={() =>
                        void act(() => deliberationApi.withdrawNotice(n.id, street), tx('已撤下', 'Withdrawn'))
                      }
                    >
                      {tx('撤下', 'Withdraw')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}
