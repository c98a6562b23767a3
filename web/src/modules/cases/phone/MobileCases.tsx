import { regionsApi } from '../../org/api.js';
import {
  Button,
  Form,
  ImageUploader,
  type ImageUploadItem,
  List,
  Selector,
  SpinLoading,
  Space,
  Switch,
  Tabs,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';

// the map (Leaflet) loads when the location section is shown, not with the phone's first page
const GridMap = lazy(() => import('../../../components/GridMap.js').then((m) => ({ default: m.GridMap })));
import { useNavigate } from 'react-router-dom';
import { statusNames } from '../../../../../contracts/cases.js';
import type { RegionMap } from '../../../../../contracts/regions.js';
import { ApiError } from '../../../lib/http.js';
import { casesApi, type CaseListItem, type Category } from '../api.js';
import { useAuth } from '../../../auth.js';
import { registryApi } from '../../registry/api.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import type { PlaceAt } from '../../../../../contracts/registry.js';
import { useI18n, useTx } from '../../../i18n.js';

export function MobilePage({
  title,
  children,
  back = true,
}: {
  title: string;
  children: React.ReactNode;
  back?: boolean;
}) {
  const navigate = useNavigate();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={title} onBack={back ? () => navigate(-1) : undefined} />
      <main style={{ padding: 12 }}>{children}</main>
    </div>
  );
}

export const err = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export async function upload(
  file: File,
): Promise<ImageUploadItem & { id: string; lng: number | null; lat: number | null }> {
  const r = await casesApi.uploadPhoto(file);
  return { url: casesApi.photoUrl(r.id, true), id: r.id, lng: r.lng, lat: r.lat };
}

/** What the phone's point means: the grid and the nearest building, never bare coordinates. */
function placeWords(place: PlaceAt | null, tx: (zh: string, en: string) => string): string {
  if (!place) return tx('正在确定位置…', 'Finding the place…');
  if (!place.grid)
    return tx('当前位置不在本街道的网格内，请在地图上点选网格', 'Outside the street’s grids: tap a grid');
  const where = `${place.grid.community}${place.grid.name.replace(place.grid.community, '')}`;
  return place.building
    ? tx(
        `已定位：${where} · ${place.building.name}（约 ${place.building.metres} 米）`,
        `Located: ${where} · ${place.building.name} (about ${place.building.metres} m)`,
      )
    : tx(`已定位：${where}`, `Located: ${where}`);
}

/** A grid's name from the community map (the code only if the map lacks it). */
function gridName(map: RegionMap | null, code: string): string {
  return map?.features.find((f) => f.properties.code === code)?.properties.name ?? code;
}

/** 随手拍: photos (their GPS is read on the server), the device's location or a grid tapped on the map, category, words. */
export function MobileReport() {
  const tx = useTx();
  const navigate = useNavigate();
  const { me } = useAuth();
  const [photos, setPhotos] = useState<(ImageUploadItem & { id?: string; lat?: number | null })[]>([]);
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(null);
  const [place, setPlace] = useState<PlaceAt | null>(null);
  const [locating, setLocating] = useState(false);
  const [region, setRegion] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const community = me?.user.roles.find((r) => r.regionCode)?.regionCode?.slice(0, 12);
  const requestId = useMemo(() => crypto.randomUUID(), []);
  const categories: Category[] = (
    useQuery({ queryKey: ['case-categories'], queryFn: () => casesApi.categories() }).data ?? []
  ).filter((x) => x.parentId !== null && x.active);
  const map: RegionMap | null =
    useQuery({
      queryKey: ['regions', 'map', community],
      queryFn: () => regionsApi.regionMap(community ?? ''),
      enabled: Boolean(community),
    }).data ?? null;
  const gps = photos.find((p) => p.lat != null);
  return (
    <MobilePage title={tx('随手拍', 'Report a problem')}>
      <Form
        layout="vertical"
        onFinish={async (v: { category?: string[]; description?: string; anonymous?: boolean }) => {
          const category = v.category?.[0];
          if (!category) return Toast.show(tx('请选择问题类型', 'Choose a category'));
          if (!v.description) return Toast.show(tx('请描述问题', 'Describe the problem'));
          setBusy(true);
          try {
            const c = await casesApi.create({
              category,
              description: v.description,
              photos: photos.flatMap((p) => (p.id ? [p.id] : [])),
              anonymous: v.anonymous ?? false,
              clientRequestId: requestId,
              ...(point ? point : {}),
              ...(point && place?.address ? { address: place.address } : {}),
              ...(!point && region ? { region } : {}),
            });
            Toast.show({ icon: 'success', content: tx(`已提交，编号 ${c.no}`, `Sent: ${c.no}`) });
            navigate(`/m/cases/${c.id}`, { replace: true });
          } catch (e) {
            Toast.show({ icon: 'fail', content: err(e) });
          } finally {
            setBusy(false);
          }
        }}
        footer={
          <Button block type="submit" color="danger" size="large" loading={busy} data-testid="m-report-submit">
            {tx('提交', 'Send')}
          </Button>
        }
      >
        <Form.Item label={tx('现场照片（最多 9 张）', 'Photos (up to 9)')}>
          <ImageUploader value={photos} onChange={setPhotos} upload={upload} maxCount={9} data-testid="m-photos" />
        </Form.Item>
        <Form.Item label={tx('位置', 'Location')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button
              size="small"
              loading={locating}
              data-testid="m-locate"
              onClick={() => {
                if (!navigator.geolocation) {
                  Toast.show(tx('无法获取定位，请在地图上点选网格', 'No location: tap your grid on the map'));
                  return;
                }
                setLocating(true);
                navigator.geolocation.getCurrentPosition(
                  (p) => {
                    const at = { lng: p.coords.longitude, lat: p.coords.latitude };
                    setPoint(at);
                    setRegion(null);
                    registryApi
                      .place(at.lng, at.lat)
                      .then(setPlace, () => setPlace(null))
                      .finally(() => setLocating(false));
                  },
                  () => {
                    setLocating(false);
                    Toast.show(tx('无法获取定位，请在地图上点选网格', 'No location: tap your grid on the map'));
                  },
                  { enableHighAccuracy: true, timeout: 15_000 },
                );
              }}
            >
              {tx('使用手机定位', 'Use my location')}
            </Button>
            <div data-testid="m-location">
              {point
                ? placeWords(place, tx)
                : gps
                  ? tx('将使用照片中的拍摄位置', 'The photo’s position will be used')
                  : region
                    ? tx(`已选：${gridName(map, region)}`, `Chosen: ${gridName(map, region)}`)
                    : tx('未定位：可点选下方地图中的网格', 'Not located: tap a grid below')}
            </div>
            {map && (
              <Suspense fallback={<div style={{ height: 260 }} />}>
                <GridMap
                  data={map}
                  height={260}
                  onPick={(code) => {
                    setRegion(code);
                    setPoint(null);
                    setPlace(null);
                  }}
                  points={point ? [{ ...point, name: place?.address ?? tx('我的位置', 'Me') }] : undefined}
                />
              </Suspense>
            )}
          </Space>
        </Form.Item>
        <Form.Item name="category" label={tx('问题类型', 'Category')}>
          <Selector
            columns={3}
            options={categories.map((c) => ({ value: c.code, label: c.name }))}
            data-testid="m-category"
          />
        </Form.Item>
        <Form.Item name="description" label={tx('问题描述', 'What is wrong')}>
          <TextArea
            rows={3}
            maxLength={2000}
            placeholder={tx('例如：3号楼楼道堆满杂物', 'e.g. the stairwell is blocked')}
            data-testid="m-description"
          />
        </Form.Item>
        <Form.Item
          name="anonymous"
          label={tx('对外公开时隐藏我的信息', 'Hide me from the public')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Form>
    </MobilePage>
  );
}

function CaseList({
  items,
  onOpen,
  empty,
}: {
  /** null while loading. */
  items: CaseListItem[] | null;
  onOpen: (id: number) => void;
  /** What to say when there is nothing, and what to do. */
  empty: string;
}) {
  const { lang } = useI18n();
  if (items === null) return <SpinLoading style={{ margin: '40px auto' }} />;
  if (items.length === 0)
    return (
      <div style={{ padding: 24, textAlign: 'center', color: 'var(--adm-color-weak)' }} data-testid="m-empty">
        {empty}
      </div>
    );
  const tx = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  return (
    <List>
      {items.map((c) => (
        <List.Item
          key={c.id}
          onClick={() => onOpen(c.id)}
          description={`${c.no} · ${c.categoryName}`}
          extra={
            <Space direction="vertical" align="end">
              <Tag color={c.status === 'closed' ? 'success' : 'primary'}>{statusNames[c.status][lang]}</Tag>
              {c.clock === 'overdue' && <Tag color="danger">{tx('超期', 'Overdue')}</Tag>}
              {c.clock === 'warning' && <Tag color="warning">{tx('临期', 'Near limit')}</Tag>}
            </Space>
          }
          arrow
        >
          {c.title}
        </List.Item>
      ))}
    </List>
  );
}

/** A resident's own reports with their progress. */
export function MobileMine() {
  const tx = useTx();
  const navigate = useNavigate();
  const items: CaseListItem[] | null =
    useQuery({ queryKey: ['cases', 'phone', 'mine'], queryFn: () => casesApi.list({ queue: 'mine', pageSize: '50' }) })
      .data?.items ?? null;
  return (
    <MobilePage title={tx('我的上报', 'My reports')}>
      <CaseList
        items={items}
        onOpen={(id) => navigate(`/m/cases/${id}`)}
        empty={tx('还没有上报过问题：在首页点「随手拍」即可上报', 'Nothing reported yet: tap 随手拍 on the home page')}
      />
    </MobilePage>
  );
}

/** Field staff's tasks: to sign for, being handled, to verify — within what they may see. */
export function MobileTasks() {
  const tx = useTx();
  const navigate = useNavigate();
  const [queue, setQueue] = useState('to_sign');
  const items: CaseListItem[] | null =
    useQuery({ queryKey: ['cases', 'phone', queue], queryFn: () => casesApi.list({ queue, pageSize: '50' }) }).data
      ?.items ?? null;
  return (
    <MobilePage title={tx('我的任务', 'My tasks')}>
      <Tabs activeKey={queue} onChange={setQueue}>
        <Tabs.Tab title={tx('待签收', 'To sign for')} key="to_sign" />
        <Tabs.Tab title={tx('处置中', 'Handling')} key="handling" />
        <Tabs.Tab title={tx('待核查', 'To verify')} key="to_verify" />
        <Tabs.Tab title={tx('超期', 'Overdue')} key="overdue" />
      </Tabs>
      <CaseList
        items={items}
        onOpen={(id) => navigate(`/m/cases/${id}`)}
        empty={tx('这里没有案件，辛苦了', 'Nothing here')}
      />
    </MobilePage>
  );
}
