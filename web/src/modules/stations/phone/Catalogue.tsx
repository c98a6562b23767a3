import { useQuery } from '@tanstack/react-query';
import { Collapse, Empty, List, Popup, SpinLoading, Tag } from 'antd-mobile';
import { useState } from 'react';
import { channelNames } from '../../../../../contracts/stations.js';
import { useAuth } from '../../../auth.js';
import { useTx } from '../../../i18n.js';
import { stationsApi, type ServiceItem } from '../api.js';
import { Book } from './Book.js';
import { useWhere } from './where.js';

/** 服务清单: the community's catalogue by category; an item's who, what to bring, how, how long — and booking it. */
export function Catalogue() {
  const tx = useTx();
  const { me } = useAuth();
  const community = me?.user.roles.find((r) => r.regionCode && r.regionCode.length >= 12)?.regionCode?.slice(0, 12);
  const street = community?.slice(0, 9) ?? me?.user.roles.find((r) => r.regionCode)?.regionCode?.slice(0, 9) ?? '';
  const where = useWhere();
  const list = useQuery({
    queryKey: ['stations', 'catalogue', street, community],
    queryFn: () => stationsApi.catalogue(street, community),
    enabled: Boolean(street),
  });
  const near = useQuery({
    queryKey: ['stations', 'near', where?.lng, where?.lat, 'all'],
    queryFn: () => stationsApi.near({ lng: where?.lng ?? 0, lat: where?.lat ?? 0, open: false }),
    enabled: where !== null,
  });
  const [open, setOpen] = useState<ServiceItem | null>(null);
  if (list.isLoading) return <SpinLoading style={{ margin: 24 }} />;
  if (!list.data?.items.length) return <Empty description={tx('暂无服务清单', 'No catalogue')} />;
  return (
    <>
      <Collapse defaultActiveKey={[String(list.data.categories[0]?.id ?? '')]}>
        {list.data.categories.map((c) => {
          const items = list.data.items.filter((i) => i.categoryId === c.id);
          return (
            <Collapse.Panel key={String(c.id)} title={`${c.name}（${items.length}项）`}>
              <List>
                {items.map((i) => (
                  <List.Item
                    key={i.id}
                    onClick={() => setOpen(i)}
                    data-testid={`m-item-${i.code}`}
                    description={i.channels.map((ch) => channelNames[ch].zh).join(' · ')}
                  >
                    {i.name}
                  </List.Item>
                ))}
              </List>
            </Collapse.Panel>
          );
        })}
      </Collapse>
      {open && (
        <Popup
          visible
          onMaskClick={() => setOpen(null)}
          bodyStyle={{ padding: 12, maxHeight: '85vh', overflowY: 'auto' }}
        >
          <h2 style={{ margin: '4px 0' }}>{open.name}</h2>
          <List>
            <List.Item extra={open.who}>{tx('服务对象', 'Who')}</List.Item>
            <List.Item extra={open.materials.join('、') || tx('无需材料', 'Nothing')}>
              {tx('所需材料', 'Bring')}
            </List.Item>
            <List.Item
              extra={open.channels.map((ch) => (
                <Tag key={ch} style={{ marginLeft: 4 }}>
                  {channelNames[ch].zh}
                </Tag>
              ))}
            >
              {tx('办理方式', 'How')}
            </List.Item>
            <List.Item extra={open.timeLimit}>{tx('办理时限', 'Time limit')}</List.Item>
            <List.Item extra={open.fee}>{tx('收费', 'Fee')}</List.Item>
          </List>
          {open.channels.includes('proxy') && (
            <div style={{ margin: 8, color: 'var(--adm-color-weak)' }}>
              {tx('行动不便可请网格员或代办点上门代办', 'A worker can do it for you')}
            </div>
          )}
          {open.channels.includes('station') && <Book item={open} stations={near.data?.items ?? []} />}
        </Popup>
      )}
    </>
  );
}
