import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, List, SpinLoading, Tag, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { deviceKindNames } from '../../../../../contracts/care.js';
import { useAuth } from '../../../auth.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { ApiError } from '../../../lib/http.js';
import { errorMessage } from '../../../lib/query.js';
import { careApi } from '../careApi.js';

/** 关护告警 on the grid worker's phone: the open alarms of her grid (newest first, refreshed every few seconds). */
export function PhoneAlarms() {
  const tx = useTx();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { me } = useAuth();
  const community = me?.user.roles.find((r) => (r.regionCode?.length ?? 0) >= 12)?.regionCode?.slice(0, 12) ?? '';
  const board = useQuery({
    queryKey: ['care', 'alarms', community, 'open'],
    queryFn: () => careApi.alarms(community, 'open'),
    enabled: community !== '',
    refetchInterval: 5000,
  });
  const ack = async (id: number) => {
    try {
      await careApi.act(id, 'acknowledge');
      Toast.show({ icon: 'success', content: tx('已响应，请尽快联系或上门', 'Acknowledged') });
      void client.invalidateQueries({ queryKey: ['care'] });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const items = board.data?.items ?? [];
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('关护告警', 'Care alarms')} onBack={() => navigate('/m')} />
      {board.isPending && community !== '' && <SpinLoading style={{ margin: '40px auto' }} />}
      {board.isError && <ErrorBlock status="empty" title={errorMessage(board.error)} description="" />}
      {board.data && items.length === 0 && (
        <ErrorBlock status="empty" title={tx('没有待响应的告警', 'No open alarms')} description="" />
      )}
      {items.length > 0 && (
        <List header={tx(`待响应 ${items.length} 条`, `${items.length} open`)} data-testid="m-alarms">
          {items.map((a) => (
            <List.Item
              key={a.id}
              data-testid={`m-alarm-${a.id}`}
              description={`${new Date(a.raisedAt).toLocaleString('zh-CN', { hour12: false })} · ${a.serial}${
                a.repeats ? tx(` · 再次告警 ${a.repeats} 次`, ` · ${a.repeats} more`) : ''
              }`}
              extra={
                <Button
                  size="mini"
                  color="danger"
                  onClick={(e) => {
                    e.stopPropagation(); // the row opens the case
                    void ack(a.id);
                  }}
                >
                  {tx('响应', 'Acknowledge')}
                </Button>
              }
              onClick={() => a.caseId && navigate(`/m/cases/${a.caseId}`)}
            >
              <Tag color={a.kind === 'offline' ? 'default' : 'danger'}>{deviceKindNames[a.kind].zh}</Tag> {a.subject}{' '}
              {a.address}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
