import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { AuditPage as AuditPageData } from '../../../contracts/auth.js';
import { ApiError, api } from '../api.js';
import { useI18n } from '../i18n.js';

const RESULT_COLOR = { ok: 'green', denied: 'red', error: 'orange' } as const;

/** The audit log for the audit administrator: filters live in the URL, pages come from the server. */
export function AuditPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<AuditPageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const page = Number(params.get('page') ?? '1');
  useEffect(() => {
    const q: Record<string, string> = { page: String(page), pageSize: '20' };
    for (const k of ['action', 'result']) {
      const v = params.get(k);
      if (v) q[k] = v;
    }
    api
      .audit(q)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : t('loadFailed')));
  }, [params, page, t]);
  const setParam = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('page');
    setParams(next);
  };
  const filter: Record<string, string> = {};
  for (const k of ['action', 'result']) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  return (
    <Card
      title={t('navAudit')}
      extra={
        <Button icon={<DownloadOutlined />} href={api.auditExportUrl(filter)} data-testid="audit-export">
          {t('exportXlsx')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={t('auditAction')}
          defaultValue={params.get('action') ?? ''}
          onSearch={(v) => setParam('action', v.trim() || undefined)}
          allowClear
          style={{ width: 260 }}
        />
        <Select
          allowClear
          placeholder={t('auditResult')}
          style={{ width: 140 }}
          value={params.get('result') ?? undefined}
          onChange={(v: string | undefined) => setParam('result', v)}
          options={(['ok', 'denied', 'error'] as const).map((r) => ({ value: r, label: r }))}
        />
      </Space>
      {error && <div style={{ color: 'red' }}>{error}</div>}
      <Table
        data-testid="audit-table"
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          onChange: (p) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            setParams(next);
          },
        }}
        columns={[
          { title: t('auditTime'), dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString() },
          { title: t('auditActor'), dataIndex: 'actorName' },
          { title: t('auditAction'), dataIndex: 'action' },
          { title: t('auditObject'), render: (_, r) => (r.objectType ? `${r.objectType} ${r.objectId ?? ''}` : '') },
          {
            title: t('auditResult'),
            dataIndex: 'result',
            render: (v: 'ok' | 'denied' | 'error') => <Tag color={RESULT_COLOR[v]}>{v}</Tag>,
          },
          { title: 'IP', dataIndex: 'ip' },
        ]}
      />
    </Card>
  );
}
