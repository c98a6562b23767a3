import { useQuery } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import { useMemo } from 'react';
import { Tile } from '../../components/Tile.js';
import { useTx } from '../../i18n.js';
import { accountsApi } from './api.js';

/** 审计提醒: refusals in the last 24 hours, for the audit administrator, linking to them. */
export function AuditAlerts() {
  const tx = useTx();
  const since = useMemo(() => new Date(Date.now() - 86_400_000).toISOString(), []);
  const denied = useQuery({
    queryKey: ['identity', 'audit', 'denied', since],
    queryFn: () => accountsApi.audit({ result: 'denied', from: since, pageSize: '1' }),
  });
  return (
    <div>
      <Typography.Title level={5}>{tx('审计提醒', 'Audit alerts')}</Typography.Title>
      <Space wrap>
        <Tile
          testId="tile-audit-denied"
          title={tx('24小时内被拒绝的操作', 'Refused in the last 24 hours')}
          value={denied.data?.total}
          suffix={tx('次', '')}
          urgent
          to="/audit?result=denied"
        />
      </Space>
    </div>
  );
}
