import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, List, Popup, Selector, SpinLoading, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { visitKindNames } from '../../../../../contracts/visits.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { ApiError } from '../../../lib/http.js';
import { errorMessage } from '../../../lib/query.js';
import { careApi } from '../careApi.js';
import { useVisitName } from '../names.js';

type Pairing = Awaited<ReturnType<typeof careApi.mine>>['items'][number];
const KINDS = ['home', 'phone', 'video', 'door'] as const;
const STATE: Record<string, 'success' | 'warning' | 'danger' | 'default'> = {
  ok: 'success',
  due: 'warning',
  overdue: 'danger',
  escalated: 'danger',
};

/** 我的结对 on a helper's phone: the people they look after, when each is due, and a care visit recorded. */
export function PhoneCare() {
  const name = useVisitName();
  const tx = useTx();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: ['care', 'mine'], queryFn: () => careApi.mine() });
  const [open, setOpen] = useState<Pairing | null>(null);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('home');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!open) return;
    setBusy(true);
    try {
      await careApi.checkIn(open.id, { at: new Date().toISOString(), kind, notes });
      Toast.show({ icon: 'success', content: tx('走访已记录', 'Visit recorded') });
      setOpen(null);
      setNotes('');
      void client.invalidateQueries({ queryKey: ['care'] });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('我的结对', 'People I look after')} onBack={() => navigate('/m')} />
      {mine.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
      {mine.isError && <ErrorBlock status="empty" title={errorMessage(mine.error)} description="" />}
      {mine.data && mine.data.items.length === 0 && (
        <ErrorBlock status="empty" title={tx('暂无结对帮扶对象', 'Nobody paired with you yet')} description="" />
      )}
      {mine.data && mine.data.items.length > 0 && (
        <List header={tx('结对帮扶对象', 'Paired with me')} data-testid="m-care-list">
          {mine.data.items.map((p) => (
            <List.Item
              key={p.id}
              data-testid={`m-care-${p.id}`}
              onClick={() => setOpen(p)}
              extra={<Tag color={STATE[p.state]}>{name(p.stateName)}</Tag>}
              description={`${name(p.levelName)} · ${tx('应于', 'due by')} ${p.dueOn}${
                p.lastCareOn ? ` · ${tx('上次', 'last')} ${p.lastCareOn}` : ''
              }`}
            >
              {p.name} {p.address}
            </List.Item>
          ))}
        </List>
      )}
      <Popup visible={open !== null} onMaskClick={() => setOpen(null)} bodyStyle={{ padding: 16 }}>
        {open && (
          <Form
            layout="vertical"
            footer={
              <Button block color="primary" loading={busy} onClick={() => void save()} data-testid="m-care-save">
                {tx('记录走访', 'Record the visit')}
              </Button>
            }
          >
            <Form.Header>
              {open.name} {open.address}
            </Form.Header>
            <Form.Item label={tx('走访方式', 'How')}>
              <Selector
                options={KINDS.map((k) => ({ value: k, label: visitKindNames[k].zh }))}
                value={[kind]}
                onChange={(v) => v[0] && setKind(v[0])}
              />
            </Form.Item>
            <Form.Item label={tx('情况记录', 'Notes')}>
              <TextArea
                data-testid="m-care-notes"
                placeholder={tx('老人身体、情绪、需要的帮助', 'How they are, what they need')}
                value={notes}
                onChange={setNotes}
                maxLength={1000}
                rows={3}
              />
            </Form.Item>
          </Form>
        )}
      </Popup>
    </div>
  );
}
