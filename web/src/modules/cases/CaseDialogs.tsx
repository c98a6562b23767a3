import { regionsApi } from '../org/api.js';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Rate, Select, Upload } from 'antd';
import { useEffect, useState } from 'react';
import {
  actionNames,
  ratingNames,
  ratings,
  supervisionLevels,
  supervisionNames,
  type CaseAction,
} from '../../../../contracts/cases.js';
import { ApiError } from '../../lib/http.js';
import { casesApi, type CaseFull } from './api.js';
import { useI18n, useTx } from '../../i18n.js';

/** Steps that change who holds the case or close it: shown as primary buttons. */
import { NEEDS_NOTE, WITH_PHOTOS } from './steps.js';

/** 反向评价: the community scores the unit's work on a closed case (once). */
export function RateUnitDialog({ caseId, onClose }: { caseId: number; onClose: () => void }) {
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
export function ActionDialog({
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
