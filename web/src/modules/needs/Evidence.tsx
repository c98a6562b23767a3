import { Form, Image, Input, Space, Upload } from 'antd';
import { useTx } from '../../i18n.js';
import { casesApi } from '../cases/api.js';
import { needsApi } from './api.js';

/** The photos uploaded so far, as a form value (their ids), through the cases' upload. */
function PhotoUpload({ value = [], onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const tx = useTx();
  return (
    <Upload
      listType="picture-card"
      accept="image/*"
      maxCount={6}
      aria-label={tx('上传照片', 'Upload photos')}
      customRequest={async ({ file, onSuccess, onError }) => {
        try {
          const r = await casesApi.uploadPhoto(file as Blob);
          onChange?.([...value, r.id]);
          onSuccess?.(r);
        } catch (e) {
          onError?.(e as Error);
        }
      }}
    >
      +
    </Upload>
  );
}

/** The evidence fields of a form: what was done (required) and photos. */
export function EvidenceFields() {
  const tx = useTx();
  return (
    <>
      <Form.Item
        name="evidence"
        label={tx('完成情况/佐证说明', 'What was done (evidence)')}
        rules={[
          { required: true, min: 2, max: 500, message: tx('请填写完成情况（2–500 字）', 'Describe what was done') },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
      <Form.Item name="photos" label={tx('佐证照片', 'Photos')} initialValue={[]}>
        <PhotoUpload />
      </Form.Item>
    </>
  );
}

/** Evidence photos as thumbnails that open full size. */
export function EvidencePhotos({ ids }: { ids: string[] }) {
  const tx = useTx();
  if (ids.length === 0) return null;
  return (
    <Space wrap>
      {ids.map((p) => (
        <Image
          key={p}
          width={64}
          src={`${needsApi.evidenceUrl(p)}?size=thumb`}
          preview={{ src: needsApi.evidenceUrl(p) }}
          alt={tx('佐证照片', 'Evidence photo')}
        />
      ))}
    </Space>
  );
}
