import {
  Button,
  Card,
  Dialog,
  ImageUploader,
  type ImageUploadItem,
  Image,
  Radio,
  Space,
  Steps,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  actionNames,
  ratingNames,
  ratings,
  statusNames,
  type CaseAction,
  type Rating,
} from '../../../../../contracts/cases.js';
import { timelineOf } from '../CaseTimeline.js';
import { casesApi, type CaseFull } from '../api.js';
import { useI18n, useTx } from '../../../i18n.js';
import { err, MobilePage, upload } from './MobileCases.js';
import { useAuth } from '../../../auth.js';
import { regionsApi } from '../../org/api.js';
import { fmtDateTime, fmtRelative } from '../../../lib/format.js';

// the map (Leaflet) loads with the case's details, not with the phone's first page
const GridMap = lazy(() => import('../../../components/GridMap.js').then((m) => ({ default: m.GridMap })));

/** The open stage's limit: 签收时限 before it is signed for, 办理时限 after. */
function limitOf(d: CaseFull): { label: [string, string]; at: string } | null {
  if (d.status === 'dispatched' && d.signDueAt) return { label: ['签收时限', 'Sign for by'], at: d.signDueAt };
  if (['handling', 'parked'].includes(d.status) && d.handleDueAt)
    return { label: ['办理时限', 'Handle by'], at: d.handleDueAt };
  return null;
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
  const { me } = useAuth();
  const map = useQuery({
    queryKey: ['regions', 'map', d?.communityCode],
    queryFn: () => regionsApi.regionMap(d?.communityCode ?? ''),
    enabled: Boolean(d?.communityCode && d.lng != null),
  }).data;
  const points = useMemo(
    () => (d?.lng != null && d.lat != null ? [{ lng: d.lng, lat: d.lat, name: d.address ?? d.title }] : undefined),
    [d?.lng, d?.lat, d?.address, d?.title],
  );
  useEffect(() => {
    if (query.isError) Toast.show(err(query.error));
  }, [query.isError, query.error]);
  if (!d) return null;
  const steps = d.actions.filter((a) => PHONE_STEPS.includes(a));
  const limit = limitOf(d);
  const canCall = Boolean(d.reporterPhone) && (me?.abilities.includes('cases.reveal_phone') ?? false) && !d.isMine;
  const call = () =>
    Dialog.confirm({
      title: tx('联系上报人', 'Call the reporter'),
      content: tx(
        '将显示上报人的完整手机号并拨打，本次查看会记入审计日志。',
        'The full number is shown and dialled; this is recorded in the audit log.',
      ),
      cancelText: tx('取消', 'Cancel'),
      confirmText: tx('拨打', 'Call'),
      onConfirm: async () => {
        try {
          const r = await casesApi.reporterPhone(d.id);
          if (r.value) window.location.href = `tel:${r.value}`;
        } catch (e) {
          Toast.show({ icon: 'fail', content: err(e) });
        }
      },
    });
  return (
    <MobilePage title={d.no}>
      <Card title={d.title}>
        <Space direction="vertical">
          <Tag color="primary" data-testid="m-case-status">
            {statusNames[d.status][lang]}
          </Tag>
          <div>{d.description}</div>
          <div style={{ color: 'var(--adm-color-weak)' }}>
            {d.categoryName} · {d.gridName ?? ''} {d.agencyName ? `· ${d.agencyName}` : ''}
          </div>
          <div data-testid="m-case-address">
            {tx('地址', 'Address')}：{d.address ?? d.gridName ?? tx('未填写', 'not given')}
          </div>
          {limit && (
            <div data-testid="m-case-limit" style={{ color: d.clock === 'overdue' ? '#c8102e' : undefined }}>
              {tx(limit.label[0], limit.label[1])}：{fmtDateTime(limit.at)}（
              {d.clock === 'overdue'
                ? tx(
                    `已超期 ${fmtRelative(limit.at, 'zh').replace('前', '')}`,
                    `overdue by ${fmtRelative(limit.at, 'en').replace(' ago', '')}`,
                  )
                : fmtRelative(limit.at, lang)}
              ）
            </div>
          )}
          {d.reporterPhone && (
            <Space align="center" data-testid="m-case-reporter">
              <span>
                {tx('上报人', 'Reporter')}：{d.reporterName ?? ''} {d.reporterPhone}
              </span>
              {canCall && (
                <Button
                  size="small"
                  color="primary"
                  fill="outline"
                  onClick={() => void call()}
                  data-testid="m-case-call"
                >
                  {tx('拨打', 'Call')}
                </Button>
              )}
            </Space>
          )}
          <Space wrap>
            {d.photos.map((p) => (
              <Image key={p} src={casesApi.photoUrl(p, true)} width={80} height={80} fit="cover" />
            ))}
          </Space>
        </Space>
      </Card>
      {points && (
        <Card title={tx('位置', 'Where')} style={{ marginTop: 12 }}>
          <Suspense fallback={<div style={{ height: 220 }} />}>
            <GridMap data={map ?? null} points={points} height={220} focus="points" />
          </Suspense>
        </Card>
      )}
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
          <Button block onClick={() => onDone()} data-testid="m-step-cancel">
            {tx('取消', 'Cancel')}
          </Button>
        </Space>
      }
    />
  );
}
