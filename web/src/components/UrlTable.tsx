import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTx } from '../i18n.js';
import { errorMessage } from '../lib/query.js';

/** The page's filters in its URL: a link reproduces the view, the back button undoes a filter. */
export function useUrlQuery() {
  const [params, setParams] = useSearchParams();
  const query: Record<string, string> = Object.fromEntries(params.entries());
  /** Sets (or, with undefined, removes) filters; any change of filter goes back to the first page. */
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch))
      if (v) next.set(k, v);
      else next.delete(k);
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return { query, set };
}

type Page<T> = { total: number; items: T[]; exact?: boolean };

/**
 * A paginated list whose filters and page live in the URL and whose rows come from the server
 * one page at a time (TanStack Query keeps the previous page on screen while the next loads).
 */
export function UrlTable<T extends object>(props: {
  /** The query's name in the cache (the URL's filters are added): e.g. ['cases']. */
  queryKey: readonly unknown[];
  load: (query: Record<string, string>) => Promise<Page<T>>;
  columns: NonNullable<TableProps<T>['columns']>;
  rowKey: keyof T & string;
  pageSize?: number;
  onRow?: TableProps<T>['onRow'];
  /** The total's words; `exact` false when the server counted by estimate. */
  showTotal?: (total: number, exact: boolean) => ReactNode;
  size?: TableProps<T>['size'];
  testId?: string;
}) {
  const tx = useTx();
  const { query, set } = useUrlQuery();
  const pageSize = props.pageSize ?? 20;
  const q = useQuery({
    queryKey: [...props.queryKey, query],
    queryFn: () => props.load({ pageSize: String(pageSize), ...query }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      {q.isError && (
        <Alert
          type="error"
          title={errorMessage(q.error, tx('加载失败', 'Failed to load'))}
          action={<Button onClick={() => void q.refetch()}>{tx('重试', 'Retry')}</Button>}
          style={{ marginBottom: 8 }}
        />
      )}
      <Table<T>
        rowKey={props.rowKey}
        size={props.size ?? 'middle'}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        columns={props.columns}
        {...(props.onRow ? { onRow: props.onRow } : {})}
        {...(props.testId ? { 'data-testid': props.testId } : {})}
        pagination={{
          current: Number(query.page ?? 1),
          pageSize,
          total: q.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) =>
            props.showTotal?.(total, q.data?.exact ?? true) ?? tx(`共 ${total} 条`, `${total} in all`),
          onChange: (p) => set({ page: String(p) }),
        }}
      />
    </>
  );
}
