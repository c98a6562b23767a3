import { useQuery } from '@tanstack/react-query';
import { Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { stationKindNames, stationKinds, type HoursSpec, type StationKind } from '../../../../contracts/stations.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { regionsApi } from '../org/api.js';
import { stationsApi, type Station } from './api.js';

const DAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const ORDER = [1, 2, 3, 4, 5, 6, 0];
type Fields = {
  kind: StationKind;
  name: string;
  address: string;
  region: string;
  lng: number;
  lat: number;
  contactName?: string;
  contactPhone?: string;
  week: string[];
  holidaysOpen: boolean;
  slotMinutes: 15 | 20 | 30 | 60;
  slotCapacity: number;
};

/** "08:30-12:00，14:30-17:30" → [['08:30','12:00'],['14:30','17:30']]; the server checks the rest. */
const parseDay = (text: string) =>
  (text ?? '')
    .split(/[,，、;；\s]+/)
    .filter(Boolean)
    .map((p) => p.split(/[-–~至]/).map((t) => t.trim().padStart(5, '0')) as [string, string]);
export const dayText = (spans: [string, string][] | undefined) => (spans ?? []).map(([a, b]) => `${a}-${b}`).join('，');

/**
 * 新建 / 修改阵地: kind, name, where (address and point), whom it serves, contacts, and its hours — each weekday's periods
 * (a lunch break is two periods), open on statutory holidays or not, appointment slots and places per slot.
 */
export function StationForm({ region, station }: { region: string; station?: Station }) {
  const tx = useTx();
  const act = useAct('stations');
  const [form] = Form.useForm<Fields>();
  const street = region.slice(0, 9);
  const places = useQuery({ queryKey: ['regions', street], queryFn: () => regionsApi.region(street) }).data;
  const initial: Partial<Fields> = station
    ? {
        kind: station.kind,
        name: station.name,
        address: station.address,
        region: station.region,
        lng: station.lng,
        lat: station.lat,
        contactName: station.contactName ?? '',
        contactPhone: station.contactPhone ?? '',
        week: station.hours.week.map((d) => dayText(d as [string, string][])),
        holidaysOpen: station.hours.holidays === 'open',
        slotMinutes: station.slotMinutes as Fields['slotMinutes'],
        slotCapacity: station.slotCapacity,
      }
    : {
        kind: 'red_post',
        region: region.length >= 12 ? region : street,
        lng: places?.bbox ? (places.bbox[0] + places.bbox[2]) / 2 : undefined,
        lat: places?.bbox ? (places.bbox[1] + places.bbox[3]) / 2 : undefined,
        week: [[], ...Array(5).fill('08:30-12:00，14:30-17:30'), '09:00-12:00'],
        holidaysOpen: false,
        slotMinutes: 30,
        slotCapacity: 2,
      };
  return (
    <FormModal<Fields>
      form={form}
      label={station ? tx('修改', 'Edit') : tx('新建阵地', 'New station')}
      small={Boolean(station)}
      testId={station ? 'edit-station' : 'new-station'}
      title={station ? tx('修改阵地', 'Edit station') : tx('新建党群服务阵地', 'New station')}
      okText={tx('保存', 'Save')}
      width={760}
      initialValues={initial}
      onOpen={() => form.setFieldsValue(initial)}
      onSubmit={(v) => {
        const hours: HoursSpec = {
          week: v.week.map((d) => parseDay(d)),
          holidays: v.holidaysOpen ? 'open' : 'closed',
          closures: station?.hours.closures ?? [],
        };
        const body = {
          kind: v.kind,
          name: v.name,
          address: v.address,
          region: v.region,
          lng: Number(v.lng),
          lat: Number(v.lat),
          contactName: v.contactName || null,
          contactPhone: v.contactPhone || null,
          hours,
          slotMinutes: v.slotMinutes,
          slotCapacity: v.slotCapacity,
        };
        return act(
          () => (station ? stationsApi.update(station.streetId, station.id, body) : stationsApi.create(body)),
          tx('已保存', 'Saved'),
        );
      }}
    >
      <Space wrap>
        <Form.Item name="kind" label={tx('类型', 'Kind')} rules={[{ required: true }]}>
          <Select
            style={{ width: 180 }}
            options={stationKinds.map((k) => ({ value: k, label: stationKindNames[k].zh }))}
          />
        </Form.Item>
        <Form.Item name="name" label={tx('名称', 'Name')} rules={[{ required: true, max: 60 }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="region" label={tx('服务范围', 'Serves')} rules={[{ required: true }]}>
          <Select
            style={{ width: 200 }}
            options={[
              { value: street, label: places?.region.name ?? street },
              ...(places?.children ?? []).map((c) => ({ value: c.code, label: c.name })),
            ]}
          />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="address" label={tx('地址', 'Address')} rules={[{ required: true, max: 120 }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="lng" label={tx('经度', 'Longitude')} rules={[{ required: true }]}>
          <InputNumber step={0.0001} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="lat" label={tx('纬度', 'Latitude')} rules={[{ required: true }]}>
          <InputNumber step={0.0001} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="contactName" label={tx('联系人', 'Contact')}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="contactPhone" label={tx('联系电话', 'Phone')}>
          <Input style={{ width: 150 }} />
        </Form.Item>
      </Space>
      <div style={{ color: '#666', marginBottom: 8 }}>
        {tx(
          '开放时段：每天可填多个时段，用逗号分开，如 08:30-12:00，14:30-17:30；不开放留空。',
          'Periods per day, e.g. 08:30-12:00, 14:30-17:30; empty: closed.',
        )}
      </div>
      {ORDER.map((w) => (
        <Form.Item key={w} name={['week', w]} label={DAYS[w]} style={{ marginBottom: 6 }}>
          <Input placeholder={tx('休息', 'Closed')} data-testid={`hours-${w}`} />
        </Form.Item>
      ))}
      <Space wrap>
        <Form.Item
          name="holidaysOpen"
          label={tx('法定节假日照常开放（无假日）', 'Open on public holidays')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Form.Item name="slotMinutes" label={tx('预约时段（分钟）', 'Slot (min)')}>
          <Select style={{ width: 100 }} options={[15, 20, 30, 60].map((m) => ({ value: m, label: String(m) }))} />
        </Form.Item>
        <Form.Item name="slotCapacity" label={tx('每时段可约人数', 'Places per slot')}>
          <InputNumber min={1} max={50} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
