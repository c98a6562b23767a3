import { regionsApi } from '../../org/api.js';
import {
  Button,
  Card,
  Dialog,
  Form,
  ImageUploader,
  type ImageUploadItem,
  Image,
  List,
  NavBar,
  Radio,
  Selector,
  Space,
  Steps,
  Switch,
  Tabs,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  actionNames,
  ratingNames,
  ratings,
  statusNames,
  type CaseAction,
  type Rating,
} from '../../../../../contracts/cases.js';
import type { RegionMap } from '../../../../../contracts/regions.js';
import { timelineOf } from '../CaseTimeline.js';
import { ApiError } from '../../../lib/http.js';
import { casesApi, type CaseFull, type CaseListItem, type Category } from '../api.js';
import { useAuth } from '../../../auth.js';
import { GridMap } from '../../../components/GridMap.js';
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
      <NavBar
        onBack={back ? () => navigate(-1) : undefined}
        back={back ? '' : null}
        style={{ background: '#c8102e', color: '#fff' }}
      >
        {title}
      </NavBar>
      <div style={{ padding: 12 }}>{children}</div>
    </div>
  );
}

const err = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

async function upload(file: File): Promise<ImageUploadItem & { id: string; lng: number | null; lat: number | null }> {
  const r = await casesApi.uploadPhoto(file);
  return { url: casesApi.photoUrl(r.id, true), id: r.id, lng: r.lng, lat: r.lat };
}

/** 随手拍: photos (their GPS is read on the server), the device's location or a grid tapped on the map, category, words. */
export function MobileReport() {
  const tx = useTx();
  const navigate = useNavigate();
  const { me } = useAuth();
  const [photos, setPhotos] = useState<(ImageUploadItem & { id?: string; lat?: number | null })[]>([]);
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(null);
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
              onClick={() =>
                navigator.geolocation?.getCurrentPosition(
                  (p) => setPoint({ lng: p.coords.longitude, lat: p.coords.latitude }),
                  () => Toast.show(tx('无法获取定位，请在地图上点选网格', 'No location: tap your grid on the map')),
                )
              }
            >
              {tx('使用手机定位', 'Use my location')}
            </Button>
            <div data-testid="m-location">
              {point
                ? tx(
                    `已定位：${point.lng.toFixed(5)}, ${point.lat.toFixed(5)}`,
                    `At ${point.lng.toFixed(5)}, ${point.lat.toFixed(5)}`,
                  )
                : gps
                  ? tx('将使用照片中的拍摄位置', 'The photo’s position will be used')
                  : region
                    ? tx(`已选网格 ${region}`, `Grid ${region}`)
                    : tx('未定位：可点选下方地图中的网格', 'Not located: tap a grid below')}
            </div>
            {map && <GridMap mapKey={`m-${community}`} data={map} onPick={setRegion} />}
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

function CaseList({ items, onOpen }: { items: CaseListItem[]; onOpen: (id: number) => void }) {
  const { lang } = useI18n();
  const tx = useTx();
  if (items.length === 0)
    return <div style={{ padding: 24, textAlign: 'center', color: '#999' }}>{tx('暂无案件', 'Nothing here')}</div>;
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
  const items: CaseListItem[] =
    useQuery({ queryKey: ['cases', 'phone', 'mine'], queryFn: () => casesApi.list({ queue: 'mine', pageSize: '50' }) })
      .data?.items ?? [];
  return (
    <MobilePage title={tx('我的上报', 'My reports')}>
      <CaseList items={items} onOpen={(id) => navigate(`/m/cases/${id}`)} />
    </MobilePage>
  );
}

/** Field staff's tasks: to sign for, being handled, to verify — within what they may see. */
export function MobileTasks() {
  const tx = useTx();
  const navigate = useNavigate();
  const [queue, setQueue] = useState('to_sign');
  const items: CaseListItem[] =
    useQuery({ queryKey: ['cases', 'phone', queue], queryFn: () => casesApi.list({ queue, pageSize: '50' }) }).data
      ?.items ?? [];
  return (
    <MobilePage title={tx('我的任务', 'My tasks')}>
      <Tabs activeKey={queue} onChange={setQueue}>
        <Tabs.Tab title={tx('待签收', 'To sign for')} key="to_sign" />
        <Tabs.Tab title={tx('处置中', 'Handling')} key="handling" />
        <Tabs.Tab title={tx('待核查', 'To verify')} key="to_verify" />
        <Tabs.Tab title={tx('超期', 'Overdue')} key="overdue" />
      </Tabs>
      <CaseList items={items} onOpen={(id) => navigate(`/m/cases/${id}`)} />
    </MobilePage>
  );
}

const PHONE_STEPS: CaseAction[] = [
  'sign',
  'return',
  'contact',
  'handle',
  'request_extension',
  'verify_pass',
  'verify_fail',
  'rate',
  'reopen',
];
const NOTE_STEPS: CaseAction[] = ['return', 'handle', 'request_extension', 'verify_fail', 'reopen'];

/** A case on the phone: progress, photos, and the steps a field user takes here. */
export function MobileCase() {
  const { id } = useParams();
  const tx = useTx();
  const { lang } = useI18n();
  const client = useQueryClient();
  const key = ['cases', 'detail', Number(id)];
  const query = useQuery({ queryKey: key, queryFn: () => casesApi.get(Number(id)) });
  const d: CaseFull | undefined = query.data;
  const setD = (updated: CaseFull) => {
    client.setQueryData(key, updated);
    void client.invalidateQueries({ queryKey: ['cases', 'phone'] });
  };
  const [acting, setActing] = useState<CaseAction | null>(null);
  useEffect(() => {
    if (query.isError) Toast.show(err(query.error));
  }, [query.isError, query.error]);
  if (!d) return null;
  const steps = d.actions.filter((a) => PHONE_STEPS.includes(a));
  return (
    <MobilePage title={d.no}>
      <Card title={d.title}>
        <Space direction="vertical">
          <Tag color="primary" data-testid="m-case-status">
            {statusNames[d.status][lang]}
          </Tag>
          <div>{d.description}</div>
          <div style={{ color: '#888' }}>
            {d.categoryName} · {d.gridName ?? ''} {d.agencyName ? `· ${d.agencyName}` : ''}
          </div>
          <Space wrap>
            {d.photos.map((p) => (
              <Image key={p} src={casesApi.photoUrl(p, true)} width={80} height={80} fit="cover" />
            ))}
          </Space>
        </Space>
      </Card>
      {steps.length > 0 && (
        <Space wrap style={{ margin: '12px 0' }}>
          {steps.map((a) => (
            <Button
              key={a}
              color={['return', 'verify_fail', 'reopen'].includes(a) ? 'warning' : 'danger'}
              onClick={() => setActing(a)}
              data-testid={`m-act-${a}`}
            >
              {actionNames[a][lang]}
            </Button>
          ))}
        </Space>
      )}
      <Card title={tx('办理进度', 'Progress')} style={{ marginTop: 12 }}>
        <Steps direction="vertical" current={d.timeline.length - 1}>
          {timelineOf(d, lang).map((e) => (
            <Steps.Step key={e.id} title={e.title} description={`${e.at}${e.note ? ` · ${e.note}` : ''}`} />
          ))}
        </Steps>
      </Card>
      {acting && (
        <StepSheet
          detail={d}
          action={acting}
          onDone={(updated) => {
            setActing(null);
            if (updated) setD(updated);
          }}
        />
      )}
    </MobilePage>
  );
}

function StepSheet({
  detail,
  action,
  onDone,
}: {
  detail: CaseFull;
  action: CaseAction;
  onDone: (d?: CaseFull) => void;
}) {
  const tx = useTx();
  const { lang } = useI18n();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<(ImageUploadItem & { id?: string })[]>([]);
  const [rating, setRating] = useState<Rating>('satisfied');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (NOTE_STEPS.includes(action) && !note.trim()) return Toast.show(tx('请填写说明', 'A note is required'));
    setBusy(true);
    try {
      const body: Record<string, unknown> = { version: detail.version };
      if (note.trim()) body.note = note.trim();
      const ids = photos.flatMap((p) => (p.id ? [p.id] : []));
      if (ids.length) body.photos = ids;
      if (action === 'rate') Object.assign(body, { rating, solved: rating !== 'dissatisfied' });
      if (action === 'request_extension') body.days = 5;
      onDone(await casesApi.act(detail.id, action, body));
      Toast.show({ icon: 'success', content: tx('已提交', 'Done') });
    } catch (e) {
      Toast.show({ icon: 'fail', content: err(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      visible
      title={actionNames[action][lang]}
      onClose={() => onDone()}
      closeOnMaskClick
      content={
        <Space direction="vertical" style={{ width: '100%' }}>
          {action === 'rate' && (
            <Radio.Group value={rating} onChange={(v) => setRating(v as Rating)}>
              <Space direction="vertical">
                {ratings.map((r) => (
                  <Radio key={r} value={r} data-testid={`m-rate-${r}`}>
                    {ratingNames[r][lang]}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          )}
          <TextArea
            value={note}
            onChange={setNote}
            rows={3}
            placeholder={action === 'handle' ? tx('处置结果', 'Result') : tx('说明', 'Note')}
            data-testid="m-step-note"
          />
          {['handle', 'verify_pass', 'verify_fail'].includes(action) && (
            <ImageUploader value={photos} onChange={setPhotos} upload={upload} maxCount={9} />
          )}
          <Button block color="danger" loading={busy} onClick={() => void submit()} data-testid="m-step-ok">
            {tx('确定', 'OK')}
          </Button>
        </Space>
      }
    />
  );
}
