import { useQuery } from '@tanstack/react-query';
import { Button, Card, Selector, SpinLoading } from 'antd-mobile';
import { useState } from 'react';
import { useAuth } from '../../../auth.js';
import { useTx } from '../../../i18n.js';
import { usePhoneRun } from '../../needs/phone/shared.js';
import { dayFromToday, stationsApi, type ServiceItem, type Station } from '../api.js';

/** Kinds where residents come to a window and may book a time (as the server's BOOKABLE). */
export const BOOKABLE = ['centre', 'home', 'grid_station', 'neighbour_hut', 'proxy_point'];
const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];
const hhmm = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });

/**
 * 预约办事: at a station (given, or picked among those near), a service of the catalogue done at a window (given, or
 * picked), a day of the coming week and a time with places left — then what to bring.
 */
export function Book({ station, item, stations }: { station?: Station; item?: ServiceItem; stations?: Station[] }) {
  const tx = useTx();
  const { me } = useAuth();
  const [stationKey, setStationKey] = useState<string | undefined>(
    station ? `${station.streetId}/${station.id}` : undefined,
  );
  const [itemId, setItemId] = useState<number | undefined>(item?.id);
  const [day, setDay] = useState(dayFromToday(1));
  const [slot, setSlot] = useState<string | undefined>();
  const { busy, run } = usePhoneRun('stations');
  const choices = station ? [station] : (stations ?? []).filter((s) => BOOKABLE.includes(s.kind));
  const at = choices.find((s) => `${s.streetId}/${s.id}` === stationKey);
  const street = at?.streetId ?? station?.streetId ?? '';
  const catalogue = useQuery({
    queryKey: ['stations', 'catalogue', street],
    queryFn: () => stationsApi.catalogue(street),
    enabled: Boolean(street) && !item,
  });
  const slots = useQuery({
    queryKey: ['stations', 'slots', stationKey, day],
    queryFn: () => stationsApi.slots(street, at?.id ?? 0, day),
    enabled: Boolean(at),
  });
  if (station && !BOOKABLE.includes(station.kind)) return null;
  if (!me) return <div style={{ margin: 8 }}>{tx('登录后可预约办事', 'Sign in to book')}</div>;
  const items = item ? [item] : (catalogue.data?.items ?? []).filter((i) => i.channels.includes('station'));
  const picked = items.find((i) => i.id === itemId);
  const future = (slots.data?.slots ?? []).filter((s) => new Date(s.startsAt).getTime() > Date.now());
  return (
    <Card title={tx('预约办事', 'Book a time')} data-testid="m-book">
      {!station && (
        <>
          <div>{tx('到哪里办', 'Where')}</div>
          {choices.length ? (
            <Selector
              columns={1}
              value={stationKey ? [stationKey] : []}
              onChange={(v) => setStationKey(v[0])}
              options={choices
                .slice(0, 6)
                .map((s) => ({ label: s.name, value: `${s.streetId}/${s.id}`, description: s.address }))}
            />
          ) : (
            <div style={{ color: 'var(--adm-color-weak)' }}>
              {tx('附近没有可预约的阵地', 'No station to book near you')}
            </div>
          )}
        </>
      )}
      {!item && at && (
        <>
          <div style={{ marginTop: 8 }}>{tx('办什么', 'What')}</div>
          {catalogue.isLoading ? (
            <SpinLoading />
          ) : (
            <Selector
              columns={1}
              value={itemId ? [itemId] : []}
              onChange={(v) => setItemId(v[0])}
              options={items.map((i) => ({ label: i.name, value: i.id }))}
              data-testid="m-book-item"
            />
          )}
        </>
      )}
      {at && (
        <>
          <div style={{ marginTop: 8 }}>{tx('哪天', 'Day')}</div>
          <Selector
            columns={4}
            value={[day]}
            onChange={(v) => {
              if (v[0]) setDay(v[0]);
              setSlot(undefined);
            }}
            options={Array.from({ length: 7 }, (_, n) => {
              const d = dayFromToday(n);
              const w = WEEKDAY[new Date(`${d}T00:00:00Z`).getUTCDay()];
              return {
                label: n === 0 ? '今天' : n === 1 ? '明天' : `${Number(d.slice(5, 7))}/${Number(d.slice(8))}`,
                value: d,
                description: `周${w}`,
              };
            })}
            data-testid="m-book-day"
          />
          <div style={{ marginTop: 8 }}>{tx('几点', 'Time')}</div>
          {slots.isLoading ? (
            <SpinLoading />
          ) : future.length ? (
            <Selector
              columns={4}
              value={slot ? [slot] : []}
              onChange={(v) => setSlot(v[0])}
              options={future.map((s) => ({
                label: hhmm(s.startsAt),
                value: s.startsAt,
                disabled: s.booked >= s.capacity,
                description: s.booked >= s.capacity ? '约满' : `余${s.capacity - s.booked}`,
              }))}
              data-testid="m-book-slot"
            />
          ) : (
            <div style={{ color: 'var(--adm-color-weak)' }}>
              {tx('这天不开放或已无可约时段', 'Closed or full that day')}
            </div>
          )}
        </>
      )}
      {picked && picked.materials.length > 0 && (
        <div style={{ marginTop: 8 }}>
          {tx(`请带：${picked.materials.join('、')}`, `Bring: ${picked.materials.join(', ')}`)}
        </div>
      )}
      <Button
        block
        color="primary"
        style={{ marginTop: 12 }}
        disabled={busy || !at || !itemId || !slot}
        data-testid="m-book-send"
        onClick={() =>
          void run(
            () => stationsApi.book({ street, stationId: at?.id ?? 0, itemId: itemId ?? 0, startsAt: slot ?? '' }),
            tx('预约成功，到时请按时前往', 'Booked'),
          ).then((ok) => ok && setSlot(undefined))
        }
      >
        {tx('确认预约', 'Book')}
      </Button>
    </Card>
  );
}
