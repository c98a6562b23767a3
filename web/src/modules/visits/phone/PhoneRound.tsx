import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  ErrorBlock,
  Form,
  List,
  NoticeBar,
  Popup,
  Selector,
  SpinLoading,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { needTypeNames, needTypes, visitKindNames, visitKinds } from '../../../../../contracts/visits.js';
import { useAuth } from '../../../auth.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { ApiError } from '../../../lib/http.js';
import { errorMessage } from '../../../lib/query.js';
import { casesApi } from '../../cases/api.js';
import { visitsApi } from '../api.js';
import { dequeue, enqueue, isNetworkError, newClientId, queued, send, type Queued } from './queue.js';
import { useVisitName } from '../names.js';

type Item = NonNullable<Awaited<ReturnType<typeof visitsApi.plan>>['plan']>['items'][number];
type Finding = 'none' | 'case' | 'need';

/** Where the phone is, if it will say within a few seconds (a visit is recorded without it too). */
function position(): Promise<{ lng: number; lat: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((done) =>
    navigator.geolocation.getCurrentPosition(
      (p) => done({ lng: p.coords.longitude, lat: p.coords.latitude }),
      () => done(null),
      { timeout: 5000, maximumAge: 60_000 },
    ),
  );
}

/** 本月走访 on the grid worker's phone: the month's round by building, a household's visit with its finding, the queue. */
export function PhoneRound() {
  const name = useVisitName();
  const tx = useTx();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { me } = useAuth();
  const grid = me?.user.roles.find((r) => r.regionCode?.length === 15)?.regionCode ?? '';
  const plan = useQuery({
    queryKey: ['visits', 'plan', grid],
    queryFn: () => visitsApi.plan(grid),
    enabled: grid !== '',
  });
  const [open, setOpen] = useState<Item | null>(null);
  const [waiting, setWaiting] = useState(0);
  const flush = useCallback(async () => {
    for (const q of await queued()) {
      try {
        await send(q);
        await dequeue(q.clientId);
      } catch (e) {
        if (isNetworkError(e)) break;
        // refused by the server (it says why): kept out of the queue, shown once
        await dequeue(q.clientId);
        Toast.show({ icon: 'fail', content: `${q.label}：${e instanceof ApiError ? e.message : String(e)}` });
      }
    }
    setWaiting((await queued()).length);
    void client.invalidateQueries({ queryKey: ['visits'] });
  }, [client]);
  useEffect(() => {
    void flush();
    const on = () => void flush();
    window.addEventListener('online', on);
    return () => window.removeEventListener('online', on);
  }, [flush]);
  const items = plan.data?.plan?.items ?? [];
  const todo = items.filter((i) => !i.done);
  const buildings = [...new Set(todo.map((i) => i.building))];
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('本月走访', 'This month’s round')} onBack={() => navigate('/m')} />
      {waiting > 0 && (
        <NoticeBar
          data-testid="m-visits-queue"
          color="alert"
          content={tx(`${waiting} 条待上传（联网后自动上传）`, `${waiting} waiting to upload`)}
        />
      )}
      {plan.isPending && grid !== '' && <SpinLoading style={{ margin: '40px auto' }} />}
      {plan.isError && <ErrorBlock status="empty" title={errorMessage(plan.error)} description="" />}
      {plan.data && !plan.data.plan && (
        <ErrorBlock status="empty" title={tx('本月计划尚未生成', 'No plan this month yet')} description="" />
      )}
      {plan.data?.plan && (
        <List
          header={tx(`待访 ${todo.length} 户 · 已访 ${items.length - todo.length} 户`, `${todo.length} to see`)}
          data-testid="m-visits-summary"
        >
          {buildings.map((b) => (
            <List.Item key={b} description={tx(`${todo.filter((i) => i.building === b).length} 户`, '')}>
              <b>{b}</b>
              <List>
                {todo
                  .filter((i) => i.building === b)
                  .map((i) => (
                    <List.Item
                      key={i.householdId}
                      data-testid={`m-visit-${i.householdId}`}
                      onClick={() => setOpen(i)}
                      extra={
                        <Tag color={i.dueOn < new Date().toISOString().slice(0, 10) ? 'danger' : 'default'}>
                          {name(i.frequencyName)}
                        </Tag>
                      }
                      description={
                        i.lastVisitedOn
                          ? tx(`上次 ${i.lastVisitedOn}`, `Last ${i.lastVisitedOn}`)
                          : tx('从未走访', 'Never seen')
                      }
                    >
                      {i.address} {i.head ?? ''}
                    </List.Item>
                  ))}
              </List>
            </List.Item>
          ))}
        </List>
      )}
      <Popup
        visible={open !== null}
        onMaskClick={() => setOpen(null)}
        bodyStyle={{ maxHeight: '85vh', overflowY: 'auto' }}
      >
        {open && (
          <VisitForm
            item={open}
            grid={grid}
            onDone={(stillWaiting) => {
              setOpen(null);
              setWaiting(stillWaiting);
              void client.invalidateQueries({ queryKey: ['visits'] });
            }}
          />
        )}
      </Popup>
    </div>
  );
}

function VisitForm({ item, grid, onDone }: { item: Item; grid: string; onDone: (waiting: number) => void }) {
  const tx = useTx();
  const [kind, setKind] = useState<(typeof visitKinds)[number]>('home');
  const [notes, setNotes] = useState('');
  const [finding, setFinding] = useState<Finding>('none');
  const [category, setCategory] = useState<string | undefined>();
  const [needType, setNeedType] = useState<(typeof needTypes)[number]>('elderly_care');
  const [what, setWhat] = useState('');
  const [saving, setSaving] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const categories = useQuery({
    queryKey: ['case-categories'],
    queryFn: () => casesApi.categories(),
    enabled: finding === 'case',
  });
  const choices = (categories.data ?? []).filter((c) => c.active && c.parentId !== null);
  const save = async () => {
    setSaving(true);
    const gps = await position();
    const body: Queued = {
      householdId: item.householdId,
      visitedAt: new Date().toISOString(),
      kind,
      notes,
      gps,
      clientId: newClientId(),
      seenInGrid: grid || null,
      findings:
        finding === 'case'
          ? [{ kind: 'case', category: category ?? '', description: what }]
          : finding === 'need'
            ? [{ kind: 'need', needType, what }]
            : [{ kind: 'none' }],
      label: item.address,
      files,
      queuedAt: Date.now(),
    } satisfies Queued;
    try {
      await send(body);
      await dequeue(body.clientId); // a photo uploaded before a failure may have left it queued
      Toast.show({ icon: 'success', content: tx('走访已记录', 'Visit recorded') });
      onDone((await queued()).length);
    } catch (e) {
      if (isNetworkError(e)) {
        const kept = (await queued()).find((q) => q.clientId === body.clientId);
        await enqueue(kept ?? body);
        Toast.show({ content: tx('暂无网络，已保存，联网后自动上传', 'Saved; will upload when online') });
        onDone((await queued()).length);
      } else Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setSaving(false);
    }
  };
  const ready = finding === 'none' || (what.trim().length >= 2 && (finding === 'need' || category !== undefined));
  return (
    <Form
      layout="vertical"
      footer={
        <Button
          block
          color="primary"
          size="large"
          loading={saving}
          disabled={!ready}
          onClick={() => void save()}
          data-testid="m-visit-save"
        >
          {tx('记录走访', 'Record the visit')}
        </Button>
      }
    >
      <Form.Header>{item.address}</Form.Header>
      <Form.Item label={tx('走访方式', 'How')}>
        <Selector
          columns={4}
          options={visitKinds.map((k) => ({ label: visitKindNames[k].zh, value: k }))}
          value={[kind]}
          onChange={(v) => v[0] && setKind(v[0])}
        />
      </Form.Item>
      <Form.Item label={tx('情况记录', 'Notes')}>
        <TextArea
          data-testid="m-visit-notes"
          aria-label={tx('情况记录', 'Notes')}
          placeholder={tx('见到谁、家中情况、反映的问题', 'Who, how things are, what they raised')}
          value={notes}
          onChange={setNotes}
          maxLength={2000}
          rows={3}
        />
      </Form.Item>
      <Form.Item label={tx('照片（可选，最多 9 张）', 'Photos (up to 9)')}>
        <input
          data-testid="m-visit-photos"
          aria-label={tx('拍照或选择照片', 'Take or pick photos')}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          capture="environment"
          multiple
          onChange={(e) => setFiles([...files, ...Array.from(e.target.files ?? [])].slice(0, 9))}
        />
        {files.length > 0 && (
          <div style={{ marginTop: 4, color: 'var(--adm-color-weak)' }} data-testid="m-visit-photo-count">
            {tx(`已选 ${files.length} 张`, `${files.length} chosen`)}{' '}
            <a onClick={() => setFiles([])}>{tx('清除', 'Clear')}</a>
          </div>
        )}
      </Form.Item>
      <Form.Item label={tx('发现', 'Finding')}>
        <Selector
          data-testid="m-visit-finding"
          columns={3}
          options={[
            { label: tx('无需跟进', 'Nothing needed'), value: 'none' as Finding },
            { label: tx('转为案件', 'Open a case'), value: 'case' as Finding },
            { label: tx('记录需求', 'Record a need'), value: 'need' as Finding },
          ]}
          value={[finding]}
          onChange={(v) => v[0] && setFinding(v[0])}
        />
      </Form.Item>
      {finding === 'case' && (
        <Form.Item label={tx('问题类型', 'Category')}>
          <Selector
            columns={2}
            options={choices.slice(0, 12).map((c) => ({ label: c.name, value: c.code }))}
            value={category ? [category] : []}
            onChange={(v) => setCategory(v[0])}
          />
        </Form.Item>
      )}
      {finding === 'need' && (
        <Form.Item label={tx('需求类型', 'Need')}>
          <Selector
            columns={4}
            options={needTypes.map((n) => ({ label: needTypeNames[n].zh, value: n }))}
            value={[needType]}
            onChange={(v) => v[0] && setNeedType(v[0])}
          />
        </Form.Item>
      )}
      {finding !== 'none' && (
        <Form.Item label={finding === 'case' ? tx('问题描述', 'The problem') : tx('需求内容', 'The need')}>
          <TextArea
            data-testid="m-visit-what"
            aria-label={tx('描述', 'Description')}
            value={what}
            onChange={setWhat}
            rows={2}
            maxLength={500}
          />
        </Form.Item>
      )}
    </Form>
  );
}
