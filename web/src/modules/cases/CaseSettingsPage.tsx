import { regionsApi } from '../org/api.js';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  caseTiers,
  handlerKindNames,
  handlerKinds,
  limitUnitNames,
  limitUnits,
  tierNames,
} from '../../../../contracts/cases.js';
import type { CaseSettingsView } from '../../../../contracts/cases.js';
import { ApiError } from '../../lib/http.js';
import { casesApi, type Category } from './api.js';
import { useI18n, useTx } from '../../i18n.js';

type Day = { day: string; kind: 'holiday' | 'workday'; name: string };

/** Categories and time limits, the holiday calendar and the composite score's weights (the operator's settings). */
export function CaseSettingsPage() {
  const tx = useTx();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {tx('案件设置', 'Case settings')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'categories', label: tx('问题类型与时限', 'Categories and limits'), children: <Categories /> },
          { key: 'calendar', label: tx('节假日与调休', 'Holidays and make-up days'), children: <Calendar /> },
          { key: 'score', label: tx('综合评分权重', 'Composite score'), children: <Weights /> },
        ]}
      />
    </Space>
  );
}

function Categories() {
  const tx = useTx();
  const { lang } = useI18n();
  const categories = useQuery({ queryKey: ['case-categories'], queryFn: () => casesApi.categories() });
  const rows: Category[] = categories.data ?? [];
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => regionsApi.agencies() }).data ?? [];
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [form] = Form.useForm();
  const load = () => void categories.refetch();
  const limit = (n: number, u: (typeof limitUnits)[number]) => `${n} ${limitUnitNames[u][lang]}`;
  return (
    <>
      <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 8 }}>
        {tx('新增类型', 'Add category')}
      </Button>
      <Table<Category>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        onRow={(r) => ({ onClick: () => setEditing(r), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: tx('名称', 'Name'),
            className: 'nowrap',
            render: (_, r) => (r.parentId ? `\u3000└ ${r.name}` : <b>{r.name}</b>),
          },
          { title: tx('三事分类', 'Tier'), dataIndex: 'tier', render: (t: Category['tier']) => tierNames[t][lang] },
          { title: tx('签收时限', 'Sign-for'), render: (_, r) => limit(r.signLimit, r.signUnit) },
          { title: tx('办理时限', 'Handling'), render: (_, r) => limit(r.handleLimit, r.handleUnit) },
          {
            title: tx('默认处置', 'Handled by'),
            render: (_, r) =>
              agencies.find((a) => a.id === r.defaultAgencyId)?.name ?? handlerKindNames[r.handlerKind][lang],
          },
          {
            title: tx('启用', 'Active'),
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">{tx('启用', 'On')}</Tag> : <Tag>{tx('停用', 'Off')}</Tag>),
          },
          // the code is for interfaces (Open311 service_code) and imports: last, quiet
          {
            title: tx('接口编码', 'Code'),
            dataIndex: 'code',
            render: (c: string) => <Typography.Text type="secondary">{c}</Typography.Text>,
          },
        ]}
      />
      {editing && (
        <Modal
          open
          title={editing === 'new' ? tx('新增类型', 'Add category') : editing.name}
          onCancel={() => setEditing(null)}
          onOk={() => form.submit()}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            initialValues={
              editing === 'new'
                ? {
                    tier: 'public',
                    signLimit: 4,
                    signUnit: 'working_hours',
                    handleLimit: 5,
                    handleUnit: 'working_days',
                    handlerKind: 'department',
                    active: true,
                    parentId: null,
                    defaultAgencyId: null,
                  }
                : editing
            }
            onFinish={async (v: Omit<Category, 'id'>) => {
              try {
                await casesApi.saveCategory(editing === 'new' ? null : editing.id, {
                  ...v,
                  parentId: v.parentId ?? null,
                  defaultAgencyId: v.defaultAgencyId ?? null,
                });
                setEditing(null);
                load();
              } catch (e) {
                if (e instanceof ApiError)
                  form.setFields(
                    (e.body.issues?.length ? e.body.issues : [{ path: 'body.code', message: e.message }]).map((i) => ({
                      name: i.path.replace(/^body\./, ''),
                      errors: [i.message],
                    })),
                  );
              }
            }}
          >
            <Space>
              <Form.Item name="code" label={tx('编码', 'Code')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="name" label={tx('名称', 'Name')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
            </Space>
            <Form.Item name="parentId" label={tx('上级类型', 'Parent')}>
              <Select
                allowClear
                options={rows.filter((r) => !r.parentId).map((r) => ({ value: r.id, label: r.name }))}
              />
            </Form.Item>
            <Form.Item name="tier" label={tx('三事分类', 'Tier')}>
              <Select options={caseTiers.map((t) => ({ value: t, label: tierNames[t][lang] }))} />
            </Form.Item>
            <Space>
              <Form.Item name="signLimit" label={tx('签收时限', 'Sign-for limit')}>
                <InputNumber min={1} max={1000} />
              </Form.Item>
              <Form.Item name="signUnit" label=" ">
                <Select
                  style={{ width: 120 }}
                  options={limitUnits.map((u) => ({ value: u, label: limitUnitNames[u][lang] }))}
                />
              </Form.Item>
              <Form.Item name="handleLimit" label={tx('办理时限', 'Handling limit')}>
                <InputNumber min={1} max={1000} />
              </Form.Item>
              <Form.Item name="handleUnit" label=" ">
                <Select
                  style={{ width: 120 }}
                  options={limitUnits.map((u) => ({ value: u, label: limitUnitNames[u][lang] }))}
                />
              </Form.Item>
            </Space>
            <Form.Item name="handlerKind" label={tx('默认处置方', 'Handled by')}>
              <Select options={handlerKinds.map((k) => ({ value: k, label: handlerKindNames[k][lang] }))} />
            </Form.Item>
            <Form.Item name="defaultAgencyId" label={tx('默认处置单位', 'Default unit')}>
              <Select allowClear options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
            </Form.Item>
            <Form.Item name="active" label={tx('启用', 'Active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}

function Calendar() {
  const tx = useTx();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const [days, setDays] = useState<Day[]>([]);
  const [error, setError] = useState<string | null>(null);
  const saved = useQuery({ queryKey: ['cases', 'calendar', year], queryFn: () => casesApi.calendar(year) });
  // the year's saved days are the starting point of the edit
  useEffect(() => setDays(saved.data?.days ?? []), [saved.data]);
  const add = (kind: Day['kind']) => setDays((d) => [...d, { day: `${year}-01-01`, kind, name: '' }]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        title={tx(
          '默认周一至周五为工作日；这里只列例外：法定节假日和调休上班日。',
          'Monday–Friday are working days; list only the exceptions here.',
        )}
      />
      <Space>
        <Select
          value={year}
          onChange={setYear}
          options={[-1, 0, 1].map((k) => ({ value: dayjs().year() + k, label: String(dayjs().year() + k) }))}
        />
        <Button onClick={() => add('holiday')}>{tx('添加放假日', 'Add a day off')}</Button>
        <Button onClick={() => add('workday')}>{tx('添加调休上班日', 'Add a make-up working day')}</Button>
        <Button
          type="primary"
          onClick={async () => {
            try {
              await casesApi.saveCalendar(
                year,
                [...days].sort((a, b) => a.day.localeCompare(b.day)),
              );
              setError(null);
              message.success(tx('已保存', 'Saved'));
            } catch (e) {
              setError(e instanceof ApiError ? e.message : String(e));
            }
          }}
        >
          {tx('保存', 'Save')}
        </Button>
      </Space>
      {error && <Alert type="error" title={error} />}
      <Table<Day & { i: number }>
        rowKey="i"
        size="small"
        pagination={false}
        dataSource={days.map((d, i) => ({ ...d, i }))}
        columns={[
          {
            title: tx('日期', 'Day'),
            render: (_, r) => (
              <DatePicker
                value={dayjs(r.day)}
                allowClear={false}
                onChange={(v) =>
                  v && setDays((d) => d.map((x, k) => (k === r.i ? { ...x, day: v.format('YYYY-MM-DD') } : x)))
                }
              />
            ),
          },
          {
            title: tx('类型', 'Kind'),
            dataIndex: 'kind',
            render: (k: Day['kind']) =>
              k === 'holiday' ? (
                <Tag color="red">{tx('放假', 'Day off')}</Tag>
              ) : (
                <Tag color="blue">{tx('调休上班', 'Make-up working day')}</Tag>
              ),
          },
          {
            title: tx('名称', 'Name'),
            render: (_, r) => (
              <Input
                value={r.name}
                onChange={(e) => setDays((d) => d.map((x, k) => (k === r.i ? { ...x, name: e.target.value } : x)))}
              />
            ),
          },
          {
            title: '',
            render: (_, r) => (
              <Button type="link" danger onClick={() => setDays((d) => d.filter((_, k) => k !== r.i))}>
                {tx('删除', 'Remove')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}

const WEIGHT_KEYS = [
  ['closure', '结案率'],
  ['closureOnTime', '按期结案率'],
  ['disposal', '处置率'],
  ['disposalOnTime', '按期处置率'],
  ['rework', '1 − 返工率'],
  ['overduePending', '1 − 超期待处置率'],
  ['extension', '1 − 延期率'],
  ['response', '响应率'],
  ['resolution', '解决率'],
  ['satisfaction', '满意率'],
] as const;

function Weights() {
  const tx = useTx();
  const { message } = App.useApp();
  const settings: CaseSettingsView | undefined = useQuery({
    queryKey: ['cases', 'settings'],
    queryFn: () => casesApi.settings(),
  }).data;
  const [form] = Form.useForm();
  if (!settings) return null;
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={Object.fromEntries(WEIGHT_KEYS.map(([k]) => [k, settings.composite[k] ?? 0]))}
      onFinish={async (v: Record<string, number>) => {
        const composite = Object.fromEntries(Object.entries(v).filter(([, w]) => w > 0));
        await casesApi.saveSettings({ ...settings, composite });
        message.success(tx('已保存', 'Saved'));
      }}
    >
      <Alert
        style={{ width: '100%', marginBottom: 12 }}
        type="info"
        title={tx(
          '默认为成都金牛区 100 分制：处置率×30 + 按期处置率×20 + (1−返工率)×20 + (1−超期率)×20 + (1−延期率)×10。',
          'Default: Chengdu Jinniu’s 100 points.',
        )}
      />
      {WEIGHT_KEYS.map(([k, zh]) => (
        <Form.Item key={k} name={k} label={zh}>
          <InputNumber min={0} max={100} style={{ width: 80 }} />
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit">
        {tx('保存', 'Save')}
      </Button>
    </Form>
  );
}
