import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Tag } from 'antd';
import { auditObjectNames, type AuditPage as AuditPageData } from '../../../../contracts/auth.js';
import { UrlTable, useUrlQuery } from '../../components/UrlTable.js';
import { useI18n, useTx } from '../../i18n.js';
import { actionNames } from '../../lib/module.js';
import { accountsApi } from './api.js';
import { fmtDateTime } from '../../lib/format.js';

const RESULT_COLOR = { ok: 'green', denied: 'red', error: 'orange' } as const;
type Entry = AuditPageData['items'][number];

/** The audit log for the audit administrator: filters live in the URL, pages come from the server. */
export function AuditPage() {
  const tx = useTx();
  const { lang } = useI18n();
  const { query, set } = useUrlQuery();
  const filter: Record<string, string> = {};
  for (const k of ['action', 'result']) if (query[k]) filter[k] = query[k];
  const resultNames = { ok: tx('成功', 'ok'), denied: tx('拒绝', 'denied'), error: tx('出错', 'error') };
  return (
    <Card
      title={tx('审计日志', 'Audit log')}
      extra={
        <Button icon={<DownloadOutlined />} href={accountsApi.auditExportUrl(filter)} data-testid="audit-export">
          {tx('导出 Excel', 'Export to Excel')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 12 }}>
        <Select
          showSearch
          allowClear
          optionFilterProp="label"
          placeholder={tx('操作', 'Action')}
          aria-label={tx('按操作筛选', 'Filter by action')}
          style={{ width: 260 }}
          value={query.action}
          onChange={(v: string | undefined) => set({ action: v })}
          options={Object.entries(actionNames).map(([code, words]) => ({
            value: code,
            label: words ? tx(...words) : code,
          }))}
        />
        <Select
          allowClear
          placeholder={tx('结果', 'Result')}
          aria-label={tx('按结果筛选', 'Filter by result')}
          style={{ width: 140 }}
          value={query.result}
          onChange={(v: string | undefined) => set({ result: v })}
          options={(['ok', 'denied', 'error'] as const).map((r) => ({ value: r, label: resultNames[r] }))}
        />
      </Space>
      <UrlTable<Entry>
        testId="audit-table"
        queryKey={['audit']}
        load={(q) => accountsApi.audit(q)}
        rowKey="id"
        size="small"
        columns={[
          { title: tx('时间', 'Time'), dataIndex: 'at', render: (v: string) => fmtDateTime(v) },
          { title: tx('操作人', 'Actor'), dataIndex: 'actorName' },
          {
            title: tx('操作', 'Action'),
            dataIndex: 'action',
            render: (code: string) => {
              const words = actionNames[code];
              return <span title={code}>{words ? tx(...words) : code}</span>;
            },
          },
          {
            title: tx('对象', 'Object'),
            render: (_, r) => {
              if (!r.objectType) return '';
              const words = auditObjectNames[r.objectType];
              const what = words ? words[lang] : r.objectType;
              return r.objectId ? `${what} #${r.objectId}` : what;
            },
          },
          {
            title: tx('结果', 'Result'),
            dataIndex: 'result',
            render: (v: 'ok' | 'denied' | 'error') => <Tag color={RESULT_COLOR[v]}>{resultNames[v]}</Tag>,
          },
          { title: 'IP', dataIndex: 'ip' },
        ]}
      />
    </Card>
  );
}
