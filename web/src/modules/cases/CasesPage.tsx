import { Button, Form, Input, Modal, Select, Space, Tabs, Tag, Typography, App } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { UrlTable, useUrlQuery } from '../../components/UrlTable.js';
import {
  caseQueues,
  caseSources,
  queueNames,
  sourceNames,
  statusNames,
  supervisionNames,
  type CaseSource,
} from '../../../../contracts/cases.js';
import { ApiError } from '../../lib/http.js';
import { casesApi, type CaseListItem, type Category } from './api.js';
import { useAuth } from '../../auth.js';
import { useI18n, useTx } from '../../i18n.js';

import { fmtRelative } from '../../lib/format.js';
import { fmtTime, SUPERVISION_COLORS } from './format.js';

/** The workbench: queues as tabs, filters in the URL (a link reproduces the view), XLSX export. */
export function CasesPage() {
  const { lang } = useI18n();
  const tx = useTx();
  const navigate = useNavigate();
  const { me } = useAuth();
  const { query, set } = useUrlQuery();
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: ['case-categories'], queryFn: () => casesApi.categories() }).data ?? [];
  const [creating, setCreating] = useState(false);
  const queue = query.queue ?? 'all';

  const canExport = me?.abilities.includes('cases.export');

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {tx('案件工作台', 'Case workbench')}
        </Typography.Title>
        <Space>
          {me?.abilities.includes('cases.dispatch') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-case">
              {tx('登记来电/来访', 'Enter a call or visit')}
            </Button>
          )}
          {canExport && <Button href={casesApi.exportUrl(query)}>{tx('导出 Excel', 'Export XLSX')}</Button>}
        </Space>
      </Space>
      <Tabs
        activeKey={queue}
        onChange={(k) => set({ queue: k === 'all' ? undefined : k })}
        items={caseQueues.map((q) => ({ key: q, label: queueNames[q][lang] }))}
      />
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={tx('编号、标题、地址', 'Number, title, address')}
          defaultValue={query.q}
          onSearch={(v) => set({ q: v || undefined })}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={tx('问题类型', 'Category')}
          aria-label={tx('按问题类型筛选', 'Filter by category')}
          style={{ width: 180 }}
          value={query.category}
          onChange={(v?: string) => set({ category: v })}
          options={categories.map((c) => ({ value: c.code, label: c.parentId ? `\u3000${c.name}` : c.name }))}
        />
        <Select
          allowClear
          placeholder={tx('来源', 'Source')}
          aria-label={tx('按来源筛选', 'Filter by source')}
          style={{ width: 150 }}
          value={query.source}
          onChange={(v?: string) => set({ source: v })}
          options={caseSources.map((s) => ({ value: s, label: sourceNames[s][lang] }))}
        />
      </Space>
      <UrlTable<CaseListItem>
        queryKey={['cases']}
        load={(q) => casesApi.list(q)}
        rowKey="id"
        size="small"
        onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' } })}
        // past a thousand the server counts by estimate: say so
        showTotal={(total, exact) =>
          exact
            ? tx(`共 ${total} 件`, `${total} in all`)
            : tx(`约 ${total.toLocaleString('zh-CN')} 件`, `about ${total.toLocaleString('en-US')}`)
        }
        columns={[
          { title: tx('编号', 'No.'), dataIndex: 'no', width: 150 },
          { title: tx('标题', 'Title'), dataIndex: 'title', ellipsis: true },
          { title: tx('类型', 'Category'), dataIndex: 'categoryName', width: 110 },
          {
            title: tx('来源', 'Source'),
            dataIndex: 'source',
            width: 100,
            render: (s: CaseSource) => sourceNames[s][lang],
          },
          { title: tx('网格', 'Grid'), dataIndex: 'gridName', width: 150, ellipsis: true },
          {
            title: tx('处置单位', 'Unit'),
            dataIndex: 'agencyName',
            width: 150,
            ellipsis: true,
            render: (v: string | null, r) =>
              v ??
              (r.status !== 'reported' && r.status !== 'registered' && r.handleDueAt ? tx('网格自办', 'Grid') : '—'),
          },
          {
            title: tx('状态', 'Status'),
            width: 150,
            render: (_, r) => (
              <Space size={2} wrap>
                <Tag>{statusNames[r.status][lang]}</Tag>
                {r.clock === 'warning' && <Tag color="orange">{tx('临期', 'Near limit')}</Tag>}
                {r.clock === 'overdue' && <Tag color="red">{tx('超期', 'Overdue')}</Tag>}
                {r.supervision !== 'none' && (
                  <Tag color={SUPERVISION_COLORS[r.supervision]}>{supervisionNames[r.supervision][lang]}</Tag>
                )}
              </Space>
            ),
          },
          { title: tx('上报时间', 'Reported'), dataIndex: 'createdAt', width: 140, render: fmtTime },
          {
            title: tx('办理时限', 'Due'),
            dataIndex: 'handleDueAt',
            width: 150,
            render: (v: string | null, r) =>
              v && !['closed', 'rejected', 'merged'].includes(r.status) ? (
                <span>
                  {fmtTime(v)}
                  <br />
                  <Typography.Text type={r.clock === 'overdue' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    {new Date(v).getTime() > Date.now()
                      ? tx(`${fmtRelative(v, 'zh')}到期`, `due ${fmtRelative(v, 'en')}`)
                      : tx(
                          `已超期${fmtRelative(v, 'zh').replace('前', '')}`,
                          `overdue by ${fmtRelative(v, 'en').replace(' ago', '')}`,
                        )}
                  </Typography.Text>
                </span>
              ) : (
                fmtTime(v)
              ),
          },
        ]}
      />
      <NewCaseDialog
        open={creating}
        categories={categories}
        onClose={(id) => {
          setCreating(false);
          if (id) {
            void queryClient.invalidateQueries({ queryKey: ['cases'] });
            navigate(`/cases/${id}`);
          }
        }}
      />
    </Space>
  );
}

/** Operator entry of a 12345 call or a walk-in: caller, category, place (a grid or community code, or a point). */
function NewCaseDialog({
  open,
  categories,
  onClose,
}: {
  open: boolean;
  categories: Category[];
  onClose: (id?: number) => void;
}) {
  const tx = useTx();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={tx('登记来电/来访', 'Enter a call or visit')}
      onCancel={() => onClose()}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ source: 'hotline' }}
        onFinish={async (v: Record<string, string>) => {
          setBusy(true);
          try {
            const [lng, lat] = (v.point ?? '').split(/[,，\s]+/).map(Number);
            const c = await casesApi.create({
              source: v.source as 'hotline',
              category: v.category ?? '',
              description: v.description ?? '',
              ...(v.reporterName ? { reporterName: v.reporterName } : {}),
              ...(v.reporterPhone ? { reporterPhone: v.reporterPhone } : {}),
              ...(v.address ? { address: v.address } : {}),
              ...(v.region ? { region: v.region } : {}),
              ...(lng && lat ? { lng, lat } : {}),
              clientRequestId: crypto.randomUUID(),
            });
            message.success(tx(`已登记，编号 ${c.no}`, `Entered as ${c.no}`));
            form.resetFields();
            onClose(c.id);
          } catch (e) {
            if (e instanceof ApiError)
              form.setFields(
                (e.body.issues ?? [{ path: 'body.description', message: e.message }]).map((i) => ({
                  name: i.path.replace(/^body\./, ''),
                  errors: [i.message],
                })),
              );
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="source" label={tx('渠道', 'Channel')}>
          <Select
            options={(['hotline', 'walk_in', 'patrol', 'visit'] as const).map((s) => ({
              value: s,
              label: sourceNames[s].zh,
            }))}
          />
        </Form.Item>
        <Space>
          <Form.Item name="reporterName" label={tx('诉求人', 'Caller')}>
            <Input />
          </Form.Item>
          <Form.Item name="reporterPhone" label={tx('联系电话', 'Phone')}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item
          name="category"
          label={tx('问题类型', 'Category')}
          rules={[{ required: true, message: tx('必填', 'Required') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={categories.map((c) => ({ value: c.code, label: c.name }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={tx('诉求内容', 'What is wrong')}
          rules={[{ required: true, message: tx('必填', 'Required') }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="address" label={tx('地址', 'Address')}>
          <Input />
        </Form.Item>
        <Space>
          <Form.Item name="region" label={tx('网格或社区代码', 'Grid or community code')}>
            <Input placeholder="350102001002001" />
          </Form.Item>
          <Form.Item name="point" label={tx('经纬度（可选）', 'Lng, lat (optional)')}>
            <Input placeholder="119.30, 26.09" />
          </Form.Item>
        </Space>
        <Form.Item name="lng" hidden>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
