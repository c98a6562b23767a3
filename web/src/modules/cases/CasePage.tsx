import { regionsApi } from '../org/api.js';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Radio,
  Rate,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  actionNames,
  levelNames,
  ratingNames,
  ratings,
  sourceNames,
  statusNames,
  supervisionLevels,
  supervisionNames,
  tierNames,
  type CaseAction,
} from '../../../../contracts/cases.js';
import type { RegionMap } from '../../../../contracts/regions.js';
import { ApiError } from '../../lib/http.js';
import { casesApi, type CaseFull } from './api.js';
import { useAuth } from '../../auth.js';
import { GridMap } from '../../components/GridMap.js';
import { useI18n, useTx } from '../../i18n.js';
import { CLOCK_COLORS, fmtTime, SUPERVISION_COLORS } from './format.js';

/** Steps that change who holds the case or close it: shown as primary buttons. */
const PRIMARY: CaseAction[] = [
  'register',
  'dispatch',
  'sign',
  'handle',
  'verify_pass',
  'rate',
  'approve_extension',
  'approve_park',
];
const DANGER: CaseAction[] = ['reject', 'return', 'verify_fail', 'deny_extension', 'deny_park', 'reopen'];
const NEEDS_NOTE: CaseAction[] = [
  'reject',
  'return',
  'handle',
  'request_extension',
  'deny_extension',
  'request_park',
  'deny_park',
  'verify_fail',
  'reopen',
  'escalate',
  'comment',
];
const WITH_PHOTOS: CaseAction[] = ['handle', 'verify_pass', 'verify_fail', 'comment'];

/** The case page: where, what, photos, the timeline, and the steps open to this user. */
export function CasePage() {
  const { id } = useParams();
  const tx = useTx();
  const { lang } = useI18n();
  const [detail, setDetail] = useState<CaseFull | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [map, setMap] = useState<RegionMap | null>(null);
  const [acting, setActing] = useState<CaseAction | null>(null);
  const [ratingUnit, setRatingUnit] = useState(false);
  const { me } = useAuth();

  const load = useCallback(() => {
    casesApi.get(Number(id)).then(
      (d) => {
        setDetail(d);
        setError(null);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [id]);
  useEffect(load, [load]);
  useEffect(() => {
    if (detail?.communityCode) regionsApi.regionMap(detail.communityCode).then(setMap, () => setMap(null));
  }, [detail?.communityCode]);
  const points = useMemo(
    () => (detail?.lng != null && detail.lat != null ? [{ lng: detail.lng, lat: detail.lat, name: detail.title }] : []),
    [detail?.lng, detail?.lat, detail?.title],
  );

  if (error) return <Alert type="error" title={error} />;
  if (!detail) return <Spin />;
  const d = detail;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">
          {d.title}
        </Typography.Title>
        <Tag color="blue" data-testid="case-status">
          {statusNames[d.status][lang]}
        </Tag>
        {d.clock !== 'none' && (
          <Tag color={CLOCK_COLORS[d.clock]}>
            {
              {
                ok: tx('时限内', 'In time'),
                warning: tx('临期', 'Near limit'),
                overdue: tx('超期', 'Overdue'),
                none: '',
              }[d.clock]
            }
          </Tag>
        )}
        {d.supervision !== 'none' && (
          <Tag color={SUPERVISION_COLORS[d.supervision]}>{supervisionNames[d.supervision][lang]}</Tag>
        )}
        {d.pendingRequest && (
          <Tag color="purple">
            {d.pendingRequest === 'extension'
              ? tx('延期待审批', 'Extension pending')
              : tx('挂账待审批', 'Parking pending')}
          </Tag>
        )}
      </Space>
      <Space wrap data-testid="case-actions">
        {d.actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            onClick={() => setActing(a)}
            data-testid={`act-${a}`}
          >
            {actionNames[a][lang]}
          </Button>
        ))}
        {d.status === 'closed' && d.agencyId && me?.abilities.includes('cases.rate_agency') && (
          <Button onClick={() => setRatingUnit(true)} data-testid="rate-unit">
            {tx('评价处置单位（反向评价）', 'Rate the unit')}
          </Button>
        )}
      </Space>
      {ratingUnit && <RateUnitDialog caseId={d.id} onClose={() => setRatingUnit(false)} />}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={tx('案件信息', 'Case')}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={tx('编号', 'No.')}>{d.no}</Descriptions.Item>
              <Descriptions.Item label={tx('来源', 'Source')}>{sourceNames[d.source][lang]}</Descriptions.Item>
              <Descriptions.Item label={tx('类型', 'Category')}>
                {d.categoryName}（{tierNames[d.tier][lang]}）
              </Descriptions.Item>
              <Descriptions.Item label={tx('层级', 'Level')}>{levelNames[d.level][lang]}</Descriptions.Item>
              <Descriptions.Item label={tx('网格', 'Grid')}>{d.gridName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={tx('地址', 'Address')}>{d.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={tx('诉求人', 'Reporter')}>
                {d.reporterName ?? '—'} {d.reporterPhone ?? ''}{' '}
                {d.anonymous && <Tag>{tx('对外匿名', 'Anonymous to the public')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={tx('处置单位', 'Unit')}>
                {d.agencyName ?? (d.handleDueAt ? tx('网格自办', 'The grid') : '—')}
                {d.assists.length > 0 && ` + ${d.assists.map((a) => a.name).join('、')}`}
              </Descriptions.Item>
              <Descriptions.Item label={tx('上报时间', 'Reported')}>{fmtTime(d.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={tx('签收时限', 'Sign-for due')}>{fmtTime(d.signDueAt)}</Descriptions.Item>
              <Descriptions.Item label={tx('办理时限', 'Handling due')}>{fmtTime(d.handleDueAt)}</Descriptions.Item>
              <Descriptions.Item label={tx('评价', 'Rating')}>
                {d.rating ? ratingNames[d.rating][lang] : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={tx('诉求内容', 'Description')} span={2}>
                {d.description}
              </Descriptions.Item>
              {d.result && (
                <Descriptions.Item label={tx('处置结果', 'Result')} span={2}>
                  {d.result}
                </Descriptions.Item>
              )}
            </Descriptions>
            {d.photos.length > 0 && (
              <Image.PreviewGroup>
                <Space wrap>
                  {d.photos.map((p) => (
                    <Image
                      key={p}
                      width={96}
                      src={casesApi.photoUrl(p, true)}
                      preview={{ src: casesApi.photoUrl(p) }}
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
          </Card>
          {d.duplicates.length > 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              title={tx('附近可能重复的案件', 'Possible duplicates nearby')}
              description={d.duplicates.map((x) => (
                <div key={x.id}>
                  {x.no} {x.title}（{x.distance} 米）
                </div>
              ))}
            />
          )}
          {map && points.length > 0 && (
            <Card size="small" style={{ marginTop: 12 }} title={tx('位置', 'Location')}>
              <GridMap mapKey={`case-${d.communityCode}`} data={map} points={points} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={tx('办理过程', 'Timeline')}>
            <Timeline
              data-testid="case-timeline"
              items={d.timeline.map((e) => ({
                color: ['overdue', 'auto_escalate', 'verify_fail', 'reject', 'return'].includes(e.action)
                  ? 'red'
                  : e.action === 'warning'
                    ? 'orange'
                    : 'blue',
                content: (
                  <div>
                    <b>{actionNames[e.action as CaseAction]?.[lang] ?? e.action}</b> · {e.actorName ?? ''} ·{' '}
                    {fmtTime(e.at)}
                    {e.note && <div style={{ color: '#555' }}>{e.note}</div>}
                    {e.photos.length > 0 && (
                      <Space>
                        {e.photos.map((p) => (
                          <Image
                            key={p}
                            width={56}
                            src={casesApi.photoUrl(p, true)}
                            preview={{ src: casesApi.photoUrl(p) }}
                          />
                        ))}
                      </Space>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {acting && (
        <ActionDialog
          detail={d}
          action={acting}
          onClose={(updated) => {
            setActing(null);
            if (updated) setDetail(updated);
          }}
        />
      )}
    </Space>
  );
}

/** 反向评价: the community scores the unit's work on a closed case (once). */
function RateUnitDialog({ caseId, onClose }: { caseId: number; onClose: () => void }) {
  const tx = useTx();
  const { message } = App.useApp();
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={tx('评价处置单位', 'Rate the unit')}
      onCancel={onClose}
      onOk={async () => {
        try {
          await casesApi.rateAgency(caseId, score, comment || undefined);
          message.success(tx('已评价', 'Rated'));
          onClose();
        } catch (e) {
          setError(e instanceof ApiError ? e.message : String(e));
        }
      }}
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Rate value={score} onChange={setScore} />
      <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} style={{ marginTop: 12 }} />
    </Modal>
  );
}

/** One step's dialog: exactly the inputs that step needs; server errors shown at the field. */
function ActionDialog({
  detail,
  action,
  onClose,
}: {
  detail: CaseFull;
  action: CaseAction;
  onClose: (d?: CaseFull) => void;
}) {
  const tx = useTx();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [agencies, setAgencies] = useState<{ id: number; name: string; kind: string }[]>([]);
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  useEffect(() => {
    if (action === 'dispatch') regionsApi.agencies().then(setAgencies, () => setAgencies([]));
  }, [action]);
  const GRID = 0;
  return (
    <Modal
      open
      title={actionNames[action][lang]}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'action-ok' }}
    >
      {conflict && <Alert type="error" title={conflict} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          agencyId: detail.proposedAgencyId ?? GRID,
          rating: 'satisfied',
          solved: true,
          supervision: 'yellow',
          days: 5,
          intoCaseId: detail.duplicates[0]?.id,
        }}
        onFinish={async (v: Record<string, unknown>) => {
          setBusy(true);
          try {
            const body: Record<string, unknown> = { version: detail.version };
            if (v.note) body.note = v.note;
            if (photos.length) body.photos = photos;
            if (action === 'dispatch') {
              body.agencyId = v.agencyId === GRID ? null : v.agencyId;
              if (Array.isArray(v.assists) && v.assists.length) body.assistAgencyIds = v.assists;
            }
            if (action === 'merge') body.intoCaseId = v.intoCaseId;
            if (action === 'request_extension') body.days = v.days;
            if (action === 'rate') Object.assign(body, { rating: v.rating, solved: v.solved });
            if (action === 'supervise') body.supervision = v.supervision;
            const updated = await casesApi.act(detail.id, action, body);
            if (action === 'rate' && typeof v.unitScore === 'number' && updated.agencyId)
              await casesApi.rateAgency(detail.id, v.unitScore).catch(() => undefined);
            message.success(tx('已办理', 'Done'));
            onClose(updated);
          } catch (e) {
            if (e instanceof ApiError && e.status === 409) setConflict(e.message);
            else if (e instanceof ApiError)
              form.setFields(
                (e.body.issues?.length ? e.body.issues : [{ path: 'body.note', message: e.message }]).map((i) => ({
                  name: i.path.replace(/^body\./, '').split('.')[0] ?? 'note',
                  errors: [i.message],
                })),
              );
          } finally {
            setBusy(false);
          }
        }}
      >
        {action === 'dispatch' && (
          <>
            <Form.Item
              name="agencyId"
              label={tx('主办单位（按类型规则推荐）', 'Lead unit (proposed by the category rule)')}
            >
              <Select
                data-testid="dispatch-agency"
                options={[
                  { value: GRID, label: tx('网格自办', 'The grid itself') },
                  ...agencies.map((a) => ({ value: a.id, label: a.name })),
                ]}
              />
            </Form.Item>
            <Form.Item name="assists" label={tx('协办单位（联合处置）', 'Assisting units (joint handling)')}>
              <Select mode="multiple" allowClear options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
            </Form.Item>
          </>
        )}
        {action === 'merge' && (
          <Form.Item
            name="intoCaseId"
            label={tx('合并到案件（编号末位数字即 ID）', 'Merge into case id')}
            rules={[{ required: true }]}
          >
            <Select
              showSearch
              options={detail.duplicates.map((x) => ({ value: x.id, label: `${x.no} ${x.title}（${x.distance} 米）` }))}
            />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <Form.Item name="days" label={tx('延期工作日数', 'Working days')}>
            <InputNumber min={1} max={30} />
          </Form.Item>
        )}
        {action === 'supervise' && (
          <Form.Item name="supervision" label={tx('督办级别', 'Level')}>
            <Radio.Group options={supervisionLevels.map((s) => ({ value: s, label: supervisionNames[s][lang] }))} />
          </Form.Item>
        )}
        {action === 'rate' && (
          <>
            <Form.Item name="rating" label={tx('满意度', 'Satisfaction')}>
              <Radio.Group
                data-testid="rating"
                options={ratings.map((r) => ({ value: r, label: ratingNames[r][lang] }))}
              />
            </Form.Item>
            <Form.Item name="solved" label={tx('问题是否解决', 'Solved?')}>
              <Radio.Group
                options={[
                  { value: true, label: tx('已解决', 'Yes') },
                  { value: false, label: tx('未解决', 'No') },
                ]}
              />
            </Form.Item>
            {detail.agencyId && (
              <Form.Item name="unitScore" label={tx('为处置单位打分（反向评价）', 'Rate the unit')}>
                <Rate />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="note"
          label={action === 'handle' ? tx('处置结果', 'Result') : tx('说明', 'Note')}
          rules={
            NEEDS_NOTE.includes(action) ? [{ required: true, message: tx('请填写说明', 'A note is required') }] : []
          }
        >
          <Input.TextArea rows={3} data-testid="action-note" />
        </Form.Item>
        {WITH_PHOTOS.includes(action) && (
          <Form.Item label={tx('现场照片', 'Photos')}>
            <Upload
              listType="picture-card"
              accept="image/*"
              customRequest={async ({ file, onSuccess, onError }) => {
                try {
                  const r = await casesApi.uploadPhoto(file as Blob);
                  setPhotos((p) => [...p, r.id]);
                  onSuccess?.(r);
                } catch (e) {
                  onError?.(e as Error);
                }
              }}
            >
              +
            </Upload>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
