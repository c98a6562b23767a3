import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { ErrorBlock, List, SpinLoading, Toast } from 'antd-mobile';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../../lib/http.js';
import { errorMessage } from '../../../lib/query.js';

/** Runs an action from a phone page: busy while it runs, a toast either way (the server's own words on failure), needs' views refreshed. */
export function usePhoneRun(refresh = 'needs') {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await f();
      Toast.show({ icon: 'success', content: done });
      void client.invalidateQueries({ queryKey: [refresh] });
      return true;
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : String(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/** A query's items as a phone list: loading, the error in words, or what to say when there are none. */
export function PhoneQueryList<T>({
  query,
  empty,
  testId,
  row,
}: {
  query: UseQueryResult<{ items: T[] }>;
  empty: string;
  testId: string;
  row: (item: T) => ReactNode;
}) {
  return (
    <>
      {query.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
      {query.isError && <ErrorBlock status="empty" title={errorMessage(query.error)} description="" />}
      {query.data && query.data.items.length === 0 && <ErrorBlock status="empty" title={empty} description="" />}
      {query.data && query.data.items.length > 0 && <List data-testid={testId}>{query.data.items.map(row)}</List>}
    </>
  );
}
