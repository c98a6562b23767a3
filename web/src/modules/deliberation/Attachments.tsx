import { Button, Space, Upload } from 'antd';
import { useTx } from '../../i18n.js';
import { http, withQuery } from '../../lib/http.js';
import { useAct } from '../party/useAct.js';
import { z } from 'zod';

type File_ = { id: number; name: string };

/** 附件: a record's files as links, and (for the staff) an upload of a PDF, JPG or PNG up to 10 MB. */
export function Attachments({
  street,
  kind,
  id,
  files,
  canUpload,
}: {
  street: string;
  kind: 'meeting' | 'step' | 'notice';
  id: number;
  files: File_[];
  canUpload: boolean;
}) {
  const tx = useTx();
  const act = useAct('deliberation');
  return (
    <Space wrap size={4}>
      {files.map((f) => (
        <a key={f.id} href={withQuery(`/api/deliberation/files/${f.id}`, { street })} target="_blank" rel="noreferrer">
          📎 {f.name}
        </a>
      ))}
      {canUpload && (
        <Upload
          accept="application/pdf,image/jpeg,image/png"
          showUploadList={false}
          beforeUpload={(file) => {
            void act(
              () =>
                http.upload(
                  z.object({ id: z.number() }),
                  withQuery('/api/deliberation/files', { street, kind, id, name: file.name }),
                  file,
                  { 'content-type': file.type },
                ),
              tx('附件已上传', 'Attached'),
            );
            return false;
          }}
        >
          <Button size="small" data-testid={`attach-${kind}-${id}`}>
            {tx('上传附件', 'Attach a file')}
          </Button>
        </Upload>
      )}
    </Space>
  );
}
