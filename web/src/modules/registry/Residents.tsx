import { registryApi } from './api.js';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Input, Modal, Select, Space, Table, Tag, message } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ResidentDetail, ResidentPage, ResidentSummary } from '../../../../contracts/registry.js';
import { residenceTypeNames, residentStatusNames, residentTags, tagNames } from '../../../../contracts/registry.js';
import { ApiError } from '../../lib/http.js';
import { useAuth } from '../../auth.js';
import { useI18n, useTx } from '../../i18n.js';
import { useApi } from '../../lib/query.js';
import { fmtDateTime } from '../../lib/format.js';

export function Residents({ region, set }: { region: string; set: (p: Record<string, string | undefined>) => void }) {
  const { lang } = useI18n();

  const tx = useTx();
  const { me } = useAuth();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const tags = params.get('tags') ?? '';
  const status = params.get('status') ?? '';
  const page = Number(params.get('page') ?? '1');
  const [open, setOpen] = useState<number | null>(null);
  const filter: Record<string, string> = {
    region,
    ...(q ? (/^\d{15,17}[\dXx]$/.test(q) ? { idNumber: q } : { q }) : {}),
    ...(tags ? { tags } : {}),
    ...(status ? { status } : {}),
  };
  const [data, error, , loading] = useApi<ResidentPage>(['registry', 'residents', region, q, tags, status, page], () =>
    registryApi.residents({ ...filter, page: String(page), pageSize: '20' }),
  );
  const canExport = me?.abilities.includes('registry.export') ?? false;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          key={q}
          data-testid="resident-search"
          defaultValue={q}
          allowClear
          placeholder={tx('姓名、地址或身份证号', 'Name, address or ID number')}
          style={{ width: 300 }}
          onSearch={(v) => set({ q: v.trim() || undefined })}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={tx('按标签筛选，如 独居老人', 'Filter by tags')}
          aria-label={tx('按标签筛选', 'Filter by tags')}
          style={{ minWidth: 260 }}
          value={tags ? tags.split(',') : []}
          onChange={(v: string[]) => set({ tags: v.length ? v.join(',') : undefined })}
          options={residentTags.map((x) => ({ value: x, label: tagNames[x][lang] }))}
        />
        <Select
          aria-label={tx('居民状态', 'Status')}
          style={{ width: 120 }}
          value={status || 'active'}
          onChange={(v: string) => set({ status: v === 'active' ? undefined : v })}
          options={(['active', 'moved_out', 'deceased'] as const).map((x) => ({
            value: x,
            label: residentStatusNames[x][lang],
          }))}
        />
        {canExport && (
          <Button
            icon={<DownloadOutlined />}
            href={registryApi.residentsExportUrl(filter)}
            data-testid="residents-export"
          >
            {tx('导出 Excel', 'Export to Excel')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" title={error} />}
      <Table<ResidentSummary>
        data-testid="residents-table"
        size="small"
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={loading}
        locale={{
          emptyText: tx(
            '没有符合条件的居民：可调整搜索或筛选条件；本社区还没有居民时，请用「导入居民信息」导入',
            'No residents match: change the search or filters; with none yet, import them (导入居民信息)',
          ),
        }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          showTotal: (n) => `${n}`,
          onChange: (p) => set({ page: String(p) }),
        }}
        columns={residentColumns(tx, lang)}
      />
      {open !== null && <ResidentCard id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

export function residentColumns(tx: (zh: string, en: string) => string, lang: 'zh' | 'en') {
  return [
    { title: tx('姓名', 'Name'), dataIndex: 'name', className: 'nowrap' },
    { title: tx('身份证号', 'ID number'), dataIndex: 'idNumber', className: 'nowrap' },
    { title: tx('手机号', 'Phone'), dataIndex: 'phone', className: 'nowrap' },
    { title: tx('年龄', 'Age'), dataIndex: 'age', width: 60 },
    { title: tx('与户主关系', 'Relation'), dataIndex: 'relation', width: 90 },
    { title: tx('地址', 'Address'), dataIndex: 'address' },
    {
      title: tx('标签', 'Tags'),
      dataIndex: 'tags',
      render: (tags: ResidentSummary['tags']) => tags.map((x) => <Tag key={x}>{tagNames[x][lang]}</Tag>),
    },
  ];
}

/** A resident, masked; the full ID or phone only with a typed reason (audited). */
export function ResidentCard({ id, onClose }: { id: number; onClose: () => void }) {
  const { lang } = useI18n();

  const tx = useTx();
  const [data, error, reload] = useApi<ResidentDetail>(['registry', 'resident', id], () => registryApi.resident(id));
  const [statusTo, setStatusTo] = useState<'moved_out' | 'deceased' | 'active' | null>(null);
  const [note, setNote] = useState('');
  const canEdit = data?.abilities.includes('registry.edit') ?? false;
  const saveStatus = async () => {
    if (!statusTo) return;
    try {
      await registryApi.residentStatus(id, statusTo, note);
      setStatusTo(null);
      setNote('');
      reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : tx('加载失败', 'Failed to load'));
    }
  };
  const [revealed, setRevealed] = useState<Partial<Record<'idNumber' | 'phone', string>>>({});
  const [asking, setAsking] = useState<'idNumber' | 'phone' | null>(null);
  const [reason, setReason] = useState('');
  const canReveal = data?.abilities.includes('registry.reveal') ?? false;
  const reveal = async () => {
    if (!asking) return;
    try {
      const r = await registryApi.revealResident(id, asking, reason);
      setRevealed((v) => ({ ...v, [asking]: r.value ?? '' }));
      setAsking(null);
      setReason('');
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : tx('加载失败', 'Failed to load'));
    }
  };
  const field = (f: 'idNumber' | 'phone') => (
    <Space>
      <span data-testid={`resident-${f}`}>{revealed[f] ?? data?.[f] ?? ''}</span>
      {canReveal && data?.[f] && !revealed[f] && (
        <Button size="small" type="link" onClick={() => setAsking(f)}>
          {tx('查看完整', 'Reveal')}
        </Button>
      )}
    </Space>
  );
  return (
    <Drawer
      open
      title={
        data ? `${data.name}${data.status === 'active' ? '' : `（${residentStatusNames[data.status][lang]}）`}` : ''
      }
      onClose={onClose}
      size="large"
      extra={
        canEdit &&
        data?.status !== 'deceased' && (
          <Space>
            {data?.status === 'active' ? (
              <>
                <Button onClick={() => setStatusTo('moved_out')}>{tx('登记迁出', 'Moved out')}</Button>
                <Button danger onClick={() => setStatusTo('deceased')}>
                  {tx('登记死亡', 'Deceased')}
                </Button>
              </>
            ) : (
              <Button onClick={() => setStatusTo('active')}>{tx('恢复在册', 'Back in the registry')}</Button>
            )}
          </Space>
        )
      }
    >
      {error && <Alert type="error" title={error} />}
      {data && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={tx('身份证号', 'ID number')}>{field('idNumber')}</Descriptions.Item>
          <Descriptions.Item label={tx('手机号', 'Phone')}>{field('phone')}</Descriptions.Item>
          <Descriptions.Item label={tx('性别', 'Sex')}>
            {data.sex === 'M' ? tx('男', 'Male') : data.sex === 'F' ? tx('女', 'Female') : ''}
          </Descriptions.Item>
          <Descriptions.Item label={tx('年龄', 'Age')}>{data.age}</Descriptions.Item>
          <Descriptions.Item label={tx('与户主关系', 'Relation')}>{data.relation}</Descriptions.Item>
          <Descriptions.Item label={tx('居住类型', 'Residence')}>
            {residenceTypeNames[data.residenceType][lang]}
          </Descriptions.Item>
          <Descriptions.Item label={tx('地址', 'Address')}>{data.address}</Descriptions.Item>
          <Descriptions.Item label={tx('网格', 'Grid')}>{data.gridName}</Descriptions.Item>
          <Descriptions.Item label={tx('标签', 'Tags')}>
            {data.tags.map((x) => (
              <Tag key={x}>{tagNames[x][lang]}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={tx('变动记录', 'History')}>
            {data.history.length === 0
              ? tx('无', 'None')
              : data.history.map((h, i) => <div key={i}>{`${fmtDateTime(h.at)} ${h.kind}`}</div>)}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Modal
        open={statusTo !== null}
        title={
          statusTo
            ? statusTo === 'active'
              ? tx('恢复在册', 'Back in the registry')
              : statusTo === 'deceased'
                ? tx('登记死亡', 'Deceased')
                : tx('登记迁出', 'Moved out')
            : ''
        }
        onCancel={() => setStatusTo(null)}
        onOk={() => void saveStatus()}
        okButtonProps={{ disabled: note.trim().length < 2 }}
      >
        <p>
          {tx(
            '请填写说明（如：迁往外地工作），记录将保留在变动记录和审计日志中。',
            'Say why (kept in the history and the audit log).',
          )}
        </p>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      </Modal>
      <Modal
        open={asking !== null}
        title={tx('查看完整信息须说明事由', 'State why you need the full value')}
        onCancel={() => setAsking(null)}
        onOk={() => void reveal()}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
      >
        <p>
          {tx(
            '事由将记入审计日志，如：入户走访核对身份。',
            'The reason goes to the audit log, e.g. verifying identity during a visit.',
          )}
        </p>
        <Input.TextArea
          data-testid="reveal-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
        />
      </Modal>
    </Drawer>
  );
}
