import { useQuery } from '@tanstack/react-query';
import { ErrorBlock, List, SpinLoading, Tag } from 'antd-mobile';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { errorMessage } from '../../../lib/query.js';
import { deliberationApi } from '../api.js';

/** A financial notice's table, as published (also downloadable). */
export function FinanceTable({ table }: { table: { columns: string[]; rows: string[][] } }) {
  return (
    <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="收支明细表">
      <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} style={{ border: '1px solid #d9d9d9', padding: 6, background: '#fafafa' }}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, k) => (
                <td key={k} style={{ border: '1px solid #d9d9d9', padding: 6 }}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * 社区公开栏 (public, no sign-in): the community's notices and its topics' published decisions and results.
 * `?screen=1` is the bulletin-board mode for a screen in the 党群服务中心: large type, refreshed every minute.
 */
export function PublicBoard() {
  const tx = useTx();
  const { community = '' } = useParams();
  const [params] = useSearchParams();
  const screen = params.get('screen') === '1';
  const q = useQuery({
    queryKey: ['public-board', community],
    queryFn: () => deliberationApi.board(community),
    refetchInterval: screen ? 60_000 : false,
  });
  useEffect(() => {
    document.documentElement.classList.toggle('elder', screen || document.documentElement.classList.contains('elder'));
  }, [screen]);
  const b = q.data;
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', fontSize: screen ? 22 : undefined }}>
      <PhoneBar title={b ? tx(`${b.community}公开栏`, `${b.community} notice board`) : tx('公开栏', 'Notice board')} />
      {q.isPending && <SpinLoading style={{ margin: '30vh auto' }} />}
      {q.isError && <ErrorBlock status="empty" title={errorMessage(q.error)} description="" />}
      {b && (
        <main data-testid="m-public-board">
          <List header={tx('党务公开·居务公开', 'Notices')}>
            {b.notices.map((n) => (
              <List.Item
                key={n.id}
                description={
                  <>
                    <div style={{ whiteSpace: 'pre-wrap', color: '#262626' }}>{n.body}</div>
                    {n.finance && (
                      <>
                        <FinanceTable table={n.finance} />
                        <a href={deliberationApi.tableXlsx(community, n.id)}>
                          {tx('下载明细表', 'Download the table')}
                        </a>
                      </>
                    )}
                    {n.files.map((f) => (
                      <div key={f.id}>
                        <a
                          href={deliberationApi.publicFile(community.slice(0, 9), f.id)}
                          target="_blank"
                          rel="noreferrer"
                        >
                          📎 {f.name}
                        </a>
                      </div>
                    ))}
                    <div>{dayjs(n.publishAt).format('YYYY-MM-DD')}</div>
                  </>
                }
              >
                {n.pinned && <Tag color="danger">{tx('置顶', 'Top')}</Tag>} <Tag>{n.categoryName}</Tag> {n.title}
              </List.Item>
            ))}
          </List>
          <List header={tx('议事决议与实施结果公开', 'Decisions and results')} data-testid="m-public-topics">
            {b.topics.map((t) => (
              <List.Item
                key={t.id}
                description={
                  <>
                    {t.decision && (
                      <div>
                        {tx('决议', 'Decision')}（{t.decidedOn}）：{t.decision}
                      </div>
                    )}
                    {t.result && (
                      <div>
                        {tx('实施结果', 'Result')}（{t.doneOn}）：{t.result}
                      </div>
                    )}
                    {t.files.map((f) => (
                      <div key={f.id}>
                        <a
                          href={deliberationApi.publicFile(community.slice(0, 9), f.id)}
                          target="_blank"
                          rel="noreferrer"
                        >
                          📎 {f.name}
                        </a>
                      </div>
                    ))}
                  </>
                }
              >
                {t.title}
              </List.Item>
            ))}
          </List>
        </main>
      )}
    </div>
  );
}
