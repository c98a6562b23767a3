import { registryApi } from './api.js';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, List, Progress, Result, Space, Table, Tag, Upload, message } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../lib/query.js';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { importStatusNames, type ImportStatus } from '../../../../contracts/registry.js';
import { ApiError } from '../../lib/http.js';
import { useI18n, useTx } from '../../i18n.js';
import { fmtDateTime } from '../../lib/format.js';

const STATUS_COLOR = { running: 'processing', done: 'success', rejected: 'error', failed: 'error' } as const;

/**
 * The import wizard: download the template, upload the filled-in XLSX or CSV, watch the progress
 * (kept in the URL, so leaving the page and coming back shows it again), read the report.
 */
export function ImportPage() {
  const tx = useTx();
  const { lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const id = params.get('id') ? Number(params.get('id')) : null;
  const [validOnly, setValidOnly] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  // the import's progress, asked again every 0.7 s while it runs (TanStack Query polls)
  const statusQuery = useQuery({
    queryKey: ['registry', 'import', id],
    queryFn: () => registryApi.importStatus(id ?? 0),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 700 : false),
  });
  const status: ImportStatus | null = id !== null ? (statusQuery.data ?? null) : null;
  const recent =
    useQuery({ queryKey: ['registry', 'imports', id, status?.status], queryFn: () => registryApi.imports() }).data
      ?.items ?? [];
  const upload = async (file: File) => {
    try {
      const r = await registryApi.startImport(file, { mode: validOnly ? 'valid' : 'all', dryRun });
      setParams({ id: String(r.id) });
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : tx('加载失败', 'Failed to load'));
    }
    return false;
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {statusQuery.isError && <Alert type="error" title={errorMessage(statusQuery.error)} />}
      <Card
        title={tx('导入居民信息', 'Import residents')}
        extra={
          <Button icon={<DownloadOutlined />} href={registryApi.importTemplateUrl} data-testid="template-download">
            {tx('下载模板', 'Download the template')}
          </Button>
        }
      >
        <Alert
          type="info"
          title={tx(
            '请使用模板填写，每行一位居民。默认全部正确才导入：任何一行有错，都不会写入数据，并给出错误报告。重复导入同一文件不会产生重复数据。',
            'Fill in the template, one resident a row. By default nothing is written unless every row is right; re-importing the same file changes nothing.',
          )}
          style={{ marginBottom: 12 }}
        />
        <Space style={{ marginBottom: 12 }}>
          <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)}>
            {tx('仅导入正确的行', 'Import the valid rows only')}
          </Checkbox>
          <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)}>
            {tx('试导入（只检查，不写入）', 'Dry run (check only)')}
          </Checkbox>
        </Space>
        <Upload.Dragger
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(file) => upload(file as unknown as File)}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{tx('点击或拖拽 XLSX / CSV 文件到此处', 'Click or drop an XLSX / CSV file here')}</p>
        </Upload.Dragger>
      </Card>
      {status && <ImportResultCard status={status} />}
      <Card size="small" title={tx('最近导入', 'Recent imports')}>
        <List
          size="small"
          dataSource={recent}
          renderItem={(r) => (
            <List.Item
              onClick={() => setParams({ id: String(r.id) })}
              style={{ cursor: 'pointer' }}
              extra={
                <Tag color={STATUS_COLOR[r.status as keyof typeof STATUS_COLOR]}>
                  {importStatusNames[r.status as keyof typeof importStatusNames]?.[lang] ?? r.status}
                </Tag>
              }
            >
              {`#${r.id} ${r.fileName} · ${fmtDateTime(r.createdAt)}`}
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function ImportResultCard({ status: s }: { status: ImportStatus }) {
  const tx = useTx();
  const { lang } = useI18n();
  if (s.status === 'running')
    return (
      <Card data-testid="import-progress">
        <Progress percent={99} status="active" showInfo={false} />
        {tx('正在导入，已读取行数：', 'Importing, rows read:')} {s.totalRows}
      </Card>
    );
  const summary = s.summary ?? {};
  return (
    <Card data-testid="import-result">
      <Result
        status={s.status === 'done' ? 'success' : 'error'}
        title={`${importStatusNames[s.status][lang]} · ${s.fileName}`}
        subTitle={
          <div>
            <div>
              {/* what was valid, also when nothing was written (an all-or-nothing import with a bad row) */}
              {tx('共 {total} 行，正确 {ok} 行，有问题 {bad} 行', '{total} rows: {ok} valid, {bad} with problems')
                .replace('{total}', String(s.totalRows))
                .replace('{ok}', String(Math.max(0, s.totalRows - s.rejected)))
                .replace('{bad}', String(s.rejected))}
              {s.status !== 'done' && tx('；未写入任何数据', '; nothing was written')}
              {s.status === 'done' && s.accepted < s.totalRows && !s.dryRun
                ? tx(`；已写入 ${s.accepted} 行`, `; ${s.accepted} written`)
                : ''}
            </div>
            {s.message && <div>{s.message}</div>}
            {s.status === 'done' && !s.dryRun && (
              <div>
                {tx(
                  '新增 {households} 户、{residents} 位居民，更新 {changed} 位',
                  '{households} households and {residents} residents added, {changed} updated',
                )
                  .replace('{households}', String(summary.householdsNew ?? 0))
                  .replace('{residents}', String(summary.residentsNew ?? 0))
                  .replace('{changed}', String(summary.residentsChanged ?? 0))}
              </div>
            )}
          </div>
        }
        extra={
          s.problems.length > 0 && (
            <Button icon={<DownloadOutlined />} href={registryApi.importReportUrl(s.id)} data-testid="report-download">
              {tx('下载错误报告', 'Download the report')}
            </Button>
          )
        }
      />
      {s.problems.length > 0 && (
        <Table
          data-testid="problems-table"
          size="small"
          rowKey={(p) => `${p.row}-${p.column}-${p.reason}`}
          dataSource={s.problems}
          columns={[
            { title: tx('行号', 'Row'), dataIndex: 'row', width: 80 },
            { title: tx('列', 'Column'), dataIndex: 'column', width: 140 },
            { title: tx('原因', 'Reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Card>
  );
}
