import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, List, Progress, Result, Space, Table, Tag, Upload, message } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ImportStatus } from '../../../contracts/registry.js';
import { ApiError, api } from '../api.js';
import { useI18n } from '../i18n.js';

const STATUS_COLOR = { running: 'processing', done: 'success', rejected: 'error', failed: 'error' } as const;

/**
 * The import wizard: download the template, upload the filled-in XLSX or CSV, watch the progress
 * (kept in the URL, so leaving the page and coming back shows it again), read the report.
 */
export function ImportPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const id = params.get('id') ? Number(params.get('id')) : null;
  const [validOnly, setValidOnly] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [recent, setRecent] = useState<{ id: number; fileName: string; status: string; createdAt: string }[]>([]);
  useEffect(() => {
    void api.imports().then((r) => setRecent(r.items));
  }, [id, status?.status]);
  useEffect(() => {
    if (id === null) return setStatus(null);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await api.importStatus(id);
        if (!live) return;
        setStatus(s);
        if (s.status === 'running') timer = setTimeout(() => void poll(), 700);
      } catch (e) {
        void message.error(e instanceof ApiError ? e.message : t('loadFailed'));
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, t]);
  const upload = async (file: File) => {
    try {
      const r = await api.startImport(file, { mode: validOnly ? 'valid' : 'all', dryRun });
      setParams({ id: String(r.id) });
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('loadFailed'));
    }
    return false;
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={t('importData')}
        extra={
          <Button icon={<DownloadOutlined />} href={api.importTemplateUrl} data-testid="template-download">
            {t('downloadTemplate')}
          </Button>
        }
      >
        <Alert type="info" title={t('importHint')} style={{ marginBottom: 12 }} />
        <Space style={{ marginBottom: 12 }}>
          <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)}>
            {t('importValidOnly')}
          </Checkbox>
          <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)}>
            {t('importDryRun')}
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
          <p>{t('importDrop')}</p>
        </Upload.Dragger>
      </Card>
      {status && <ImportResultCard status={status} />}
      <Card size="small" title={t('recentImports')}>
        <List
          size="small"
          dataSource={recent}
          renderItem={(r) => (
            <List.Item
              onClick={() => setParams({ id: String(r.id) })}
              style={{ cursor: 'pointer' }}
              extra={
                <Tag color={STATUS_COLOR[r.status as keyof typeof STATUS_COLOR]}>
                  {t(`import_${r.status}` as never)}
                </Tag>
              }
            >
              {`#${r.id} ${r.fileName} · ${new Date(r.createdAt).toLocaleString()}`}
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function ImportResultCard({ status: s }: { status: ImportStatus }) {
  const { t } = useI18n();
  if (s.status === 'running')
    return (
      <Card data-testid="import-progress">
        <Progress percent={99} status="active" showInfo={false} />
        {t('importRunning')} {s.totalRows}
      </Card>
    );
  const summary = s.summary ?? {};
  return (
    <Card data-testid="import-result">
      <Result
        status={s.status === 'done' ? 'success' : 'error'}
        title={`${t(`import_${s.status}` as never)} · ${s.fileName}`}
        subTitle={
          <div>
            <div>
              {t('importCounts')
                .replace('{total}', String(s.totalRows))
                .replace('{ok}', String(s.accepted))
                .replace('{bad}', String(s.rejected))}
            </div>
            {s.message && <div>{s.message}</div>}
            {s.status === 'done' && !s.dryRun && (
              <div>
                {t('importSummary')
                  .replace('{households}', String(summary.householdsNew ?? 0))
                  .replace('{residents}', String(summary.residentsNew ?? 0))
                  .replace('{changed}', String(summary.residentsChanged ?? 0))}
              </div>
            )}
          </div>
        }
        extra={
          s.problems.length > 0 && (
            <Button icon={<DownloadOutlined />} href={api.importReportUrl(s.id)} data-testid="report-download">
              {t('downloadReport')}
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
            { title: t('rowNo'), dataIndex: 'row', width: 80 },
            { title: t('column'), dataIndex: 'column', width: 140 },
            { title: t('reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Card>
  );
}
