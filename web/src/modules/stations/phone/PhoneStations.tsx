import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, List, Popup, Selector, SpinLoading, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { facilityKindNames, facilityKinds, type FacilityKind } from '../../../../../contracts/stations.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { errorMessage } from '../../../lib/query.js';
import { usePhoneRun } from '../../needs/phone/shared.js';
import { distanceText, openText, stationsApi, whenText, type Station } from '../api.js';
import { Book } from './Book.js';
import { Catalogue } from './Catalogue.js';
import { useWhere } from './where.js';

function StationCard({ s, onOpen }: { s: Station; onOpen: () => void }) {
  return (
    <List.Item
      onClick={onOpen}
      data-testid={`m-station-${s.id}`}
      description={
        <>
          <div style={{ color: s.now.open ? 'var(--adm-color-success)' : 'var(--adm-color-weak)' }}>{openText(s)}</div>
          {s.facilities.length > 0 && (
            <div>
              {s.facilities.map((f) => (
                <Tag key={f.id} color={f.available ? 'primary' : 'default'} fill="outline" style={{ marginRight: 4 }}>
                  {f.name} {f.available}/{f.stock}
                </Tag>
              ))}
            </div>
          )}
        </>
      }
      extra={distanceText(s.distance)}
    >
      {s.name} <Tag>{s.kindName}</Tag>
    </List.Item>
  );
}

/** 附近阵地: the stations near the phone, open ones and those lending a thing first when asked. */
function Near({ onOpen }: { onOpen: (s: Station) => void }) {
  const tx = useTx();
  const where = useWhere();
  const [facility, setFacility] = useState<FacilityKind | undefined>(undefined);
  const [openOnly, setOpenOnly] = useState(true);
  const list = useQuery({
    queryKey: ['stations', 'near', where?.lng, where?.lat, facility, openOnly],
    queryFn: () => stationsApi.near({ lng: where?.lng ?? 0, lat: where?.lat ?? 0, facility, open: openOnly }),
    enabled: where !== null,
  });
  return (
    <>
      <div style={{ padding: '8px 12px' }}>
        <Selector
          columns={3}
          value={[openOnly ? 'open' : 'all']}
          onChange={(v) => setOpenOnly(v[0] !== 'all')}
          options={[
            { label: tx('现在开放', 'Open now'), value: 'open' },
            { label: tx('全部', 'All'), value: 'all' },
          ]}
        />
        <div style={{ margin: '8px 0 4px', color: 'var(--adm-color-weak)' }}>{tx('我想借：', 'I need:')}</div>
        <Selector
          columns={3}
          value={facility ? [facility] : []}
          onChange={(v) => setFacility(v[0])}
          options={facilityKinds
            .filter((k) => k !== 'other')
            .map((k) => ({ label: facilityKindNames[k].zh, value: k }))}
          data-testid="m-facility"
        />
        {where && (
          <div style={{ marginTop: 6, fontSize: 12, color: 'var(--adm-color-weak)' }}>
            {where.from === 'gps'
              ? tx('按您当前位置', 'From where you are')
              : tx('按您所在网格（未获得定位）', 'From your grid')}
          </div>
        )}
      </div>
      {list.isLoading || !where ? (
        <SpinLoading style={{ margin: 24 }} />
      ) : list.error ? (
        <Empty description={errorMessage(list.error)} />
      ) : !list.data?.items.length ? (
        <Empty description={tx('附近 3 公里内没有符合条件的阵地', 'Nothing near')} />
      ) : (
        <List data-testid="m-near">
          {list.data.items.map((s) => (
            <StationCard key={`${s.streetId}/${s.id}`} s={s} onOpen={() => onOpen(s)} />
          ))}
        </List>
      )}
    </>
  );
}

/** 我的预约: times booked, with what to bring; cancel before, check in at the station. */
function Mine() {
  const tx = useTx();
  const list = useQuery({ queryKey: ['stations', 'mine'], queryFn: stationsApi.mine });
  const { busy, run } = usePhoneRun('stations');
  if (list.isLoading) return <SpinLoading style={{ margin: 24 }} />;
  if (!list.data?.items.length) return <Empty description={tx('还没有预约', 'No appointments')} />;
  return (
    <List data-testid="m-mine">
      {list.data.items.map((a) => {
        const soon = Math.abs(new Date(a.startsAt).getTime() - Date.now()) < 30 * 60_000;
        return (
          <List.Item
            key={`${a.streetId}/${a.id}`}
            data-testid={`m-appointment-${a.id}`}
            description={
              <>
                <div>
                  {whenText(a.startsAt)} · {a.station}
                </div>
                {a.materials.length > 0 && (
                  <div>{tx(`请带：${a.materials.join('、')}`, `Bring: ${a.materials.join(', ')}`)}</div>
                )}
              </>
            }
            extra={
              a.state === 'booked' ? (
                <>
                  {soon && (
                    <Button
                      size="mini"
                      color="primary"
                      disabled={busy}
                      onClick={() =>
                        void run(() => stationsApi.attend(a.streetId, a.id, 'checked_in'), tx('已签到', 'Checked in'))
                      }
                    >
                      {tx('签到', 'Check in')}
                    </Button>
                  )}{' '}
                  <Button
                    size="mini"
                    disabled={busy}
                    data-testid={`m-cancel-${a.id}`}
                    onClick={() => void run(() => stationsApi.cancel(a.streetId, a.id), tx('已取消预约', 'Cancelled'))}
                  >
                    {tx('取消', 'Cancel')}
                  </Button>
                </>
              ) : (
                <Tag>{a.stateName}</Tag>
              )
            }
          >
            {a.item}
          </List.Item>
        );
      })}
    </List>
  );
}

/** A station's hours, what it lends, and booking a time there. */
function StationSheet({ s, onClose }: { s: Station; onClose: () => void }) {
  const tx = useTx();
  return (
    <Popup visible onMaskClick={onClose} bodyStyle={{ padding: 12, maxHeight: '85vh', overflowY: 'auto' }}>
      <h2 style={{ margin: '4px 0' }}>{s.name}</h2>
      <div>
        <Tag>{s.kindName}</Tag> {distanceText(s.distance)} · {s.address}
      </div>
      <div style={{ margin: '6px 0', color: s.now.open ? 'var(--adm-color-success)' : 'var(--adm-color-weak)' }}>
        {openText(s)}
      </div>
      <Card title={tx('开放时间', 'Hours')}>
        {s.hoursText.map((l) => (
          <div key={l}>{l}</div>
        ))}
      </Card>
      {s.facilities.length > 0 && (
        <Card title={tx('可借物品', 'To borrow')}>
          {s.facilities.map((f) => (
            <div key={f.id}>
              {f.name}：{tx(`可借 ${f.available} 件（共 ${f.stock} 件）`, `${f.available} of ${f.stock}`)}
            </div>
          ))}
          <div style={{ fontSize: 12, color: 'var(--adm-color-weak)' }}>
            {tx('到驿站登记姓名即可借用，用后归还', 'Sign for it at the station')}
          </div>
        </Card>
      )}
      {s.contactPhone && (
        <div style={{ margin: '8px 0' }}>
          {tx('联系电话：', 'Phone: ')}
          <a href={`tel:${s.contactPhone}`}>{s.contactPhone}</a>
        </div>
      )}
      <Book station={s} />
    </Popup>
  );
}

/** 15分钟服务圈 on the phone: stations near me, the catalogue, my appointments. */
export function PhoneStations() {
  const tx = useTx();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'near';
  const [open, setOpen] = useState<Station | null>(null);
  return (
    <div>
      <PhoneBar title={tx('身边的服务', 'Services near me')} />
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })}>
        <Tabs.Tab title={tx('附近阵地', 'Near me')} key="near">
          <Near onOpen={setOpen} />
        </Tabs.Tab>
        <Tabs.Tab title={tx('服务清单', 'Services')} key="services">
          <Catalogue />
        </Tabs.Tab>
        <Tabs.Tab title={tx('我的预约', 'My bookings')} key="mine">
          <Mine />
        </Tabs.Tab>
      </Tabs>
      {open && <StationSheet s={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
