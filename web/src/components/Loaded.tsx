import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTx } from '../i18n.js';
import { errorMessage } from '../lib/query.js';

/** A query's data, or its loading spinner, or its error with a retry button. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const tx = useTx();
  if (query.isPending) return <Spin style={{ margin: 24 }} />;
  if (query.isError)
    return (
      <Alert
        type="error"
        title={errorMessage(query.error, tx('加载失败', 'Failed to load'))}
        action={<Button onClick={() => void query.refetch()}>{tx('重试', 'Retry')}</Button>}
      />
    );
  return <>{children(query.data)}</>;
}
