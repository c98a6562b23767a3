import { useQuery } from '@tanstack/react-query';
import { ErrorBlock, List, SpinLoading } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { hotlineKindNames } from '../../../../../contracts/hotlines.js';
import { useI18n, useTx } from '../../../i18n.js';
import { errorMessage } from '../../../lib/query.js';
import { hotlinesApi } from '../api.js';
import { PhoneBar } from '../../../components/PhoneBar.js';

/**
 * 便民电话 on the phone: the resident's community's numbers, large, one tap to call — easy for
 * the elderly (the number is the tap target, with its hours underneath).
 */
export function PhoneHotlines() {
  const tx = useTx();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['hotlines', 'mine'], queryFn: () => hotlinesApi.list() });
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('便民电话', 'Service numbers')} onBack={() => navigate('/m')} />
      {list.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
      {list.isError && <ErrorBlock status="default" title={errorMessage(list.error)} description="" />}
      {list.data && (
        <List header={list.data.items[0]?.communityName ?? ''} data-testid="m-hotlines">
          {list.data.items.map((h) => (
            <List.Item
              key={h.id}
              description={`${hotlineKindNames[h.kind][lang]}${h.hours ? ` · ${h.hours}` : ''}`}
              extra={
                <a href={`tel:${h.phone.replace(/-/g, '')}`} style={{ fontSize: 20, fontWeight: 600 }}>
                  {h.phone}
                </a>
              }
            >
              <span style={{ fontSize: 18 }}>{h.name}</span>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
