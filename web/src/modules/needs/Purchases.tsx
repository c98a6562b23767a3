import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { needCategories, needStateNames, type NeedCategory } from '../../../../contracts/needs.js';
import { purchaseStateNames } from '../../../../contracts/purchases.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { regionsApi } from '../org/api.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { needsApi } from './api.js';
import { useCategoryOptions } from './NeedForms.js';
import { PurchaseDrawer } from './PurchaseDrawer.js';
import { money, PURCHASE_COLOURS } from './money.js';

type Purchase = Awaited<ReturnType<typeof needsApi.purchases>>['items'][number];

/** 两库 side by side, then the purchased services serving the community; one opens with its acceptance and payments. */
export function PurchaseBoard({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const libs = useQuery({ queryKey: ['needs', 'libraries', community], queryFn: () => needsApi.libraries(community) });
  const list = useQuery({ queryKey: ['needs', 'purchases', community], queryFn: () => needsApi.purchases(community) });
  const [open, setOpen] = useState<number | null>(null);
  const cat = (c: string) => needCategories[c as NeedCategory]?.[lang] ?? c;
  return (
    <>
      <Loaded query={libs}>
        {(l) => (
          <Row gutter={12} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={12}>
              <Card
                size="small"
                title={tx(`社区服务需求库（${l.needs.length} 项）`, `Need library (${l.needs.length})`)}
              >
                <Table
                  data-testid="need-library"
                  size="small"
                  rowKey="id"
                  dataSource={l.needs}
                  pagination={{ pageSize: 8, showSizeChanger: false }}
                  columns={[
                    { title: tx('需求', 'Need'), dataIndex: 'title' },
                    { title: tx('类别', 'Category'), render: (_, n) => cat(n.category) },
                    {
                      title: tx('对接', 'Answered by'),
                      render: (_, n) =>
                        n.purchase ?? (
                          <Tag>{needStateNames[n.state as keyof typeof needStateNames]?.[lang] ?? n.state}</Tag>
                        ),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card
                size="small"
                title={tx(
                  `社会组织可承接项目库（${l.providers.length} 项）`,
                  `Provider library (${l.providers.length})`,
                )}
              >
                <Table
                  data-testid="provider-library"
                  size="small"
                  rowKey="resourceId"
                  dataSource={l.providers}
                  pagination={{ pageSize: 8, showSizeChanger: false }}
                  columns={[
                    { title: tx('服务项目', 'Service'), dataIndex: 'title' },
                    { title: tx('类别', 'Category'), render: (_, r) => cat(r.category) },
                    { title: tx('社会组织', 'Organisation'), dataIndex: 'provider' },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        )}
      </Loaded>
      <Space style={{ marginBottom: 8 }}>
        <h3 style={{ margin: 0 }}>{tx('政府购买服务项目', 'Purchased services')}</h3>
        <AddPurchase
          community={community}
          needs={libs.data?.needs.filter((n) => ['open', 'fallback'].includes(n.state)) ?? []}
        />
      </Space>
      <Loaded query={list}>
        {(d) => (
          <Table<Purchase>
            data-testid="purchases"
            size="small"
            rowKey="id"
            dataSource={d.items}
            scroll={{ x: 'max-content' }}
            pagination={false}
            columns={[
              {
                title: tx('项目', 'Purchase'),
                render: (_, p) => (
                  <Button type="link" size="small" onClick={() => setOpen(p.id)}>
                    {p.title}
                  </Button>
                ),
              },
              { title: tx('承接组织', 'Organisation'), dataIndex: 'provider' },
              { title: tx('合同编号', 'Contract'), dataIndex: 'contractNo', className: 'nowrap' },
              { title: tx('服务范围', 'Serves'), dataIndex: 'communityName', className: 'nowrap' },
              { title: tx('合同金额', 'Budget'), className: 'nowrap', render: (_, p) => money(p.budgetYuan) },
              { title: tx('已付', 'Paid'), className: 'nowrap', render: (_, p) => money(p.paidYuan) },
              {
                title: tx('验收进度', 'Accepted'),
                render: (_, p) => (
                  <Progress
                    percent={p.acceptedShare}
                    size="small"
                    style={{ width: 120 }}
                    aria-label={tx('验收进度', 'Accepted')}
                  />
                ),
              },
              {
                title: tx('状态', 'State'),
                className: 'nowrap',
                render: (_, p) => <Tag color={PURCHASE_COLOURS[p.state]}>{purchaseStateNames[p.state][lang]}</Tag>,
              },
            ]}
          />
        )}
      </Loaded>
      {open !== null && <PurchaseDrawer id={open} community={community} onClose={() => setOpen(null)} />}
    </>
  );
}

type Form = {
  title: string;
  agencyId: number;
  contractNo: string;
  fundSource?: string;
  term: [Dayjs, Dayjs];
  budgetYuan: number;
  items: { needId?: number; category: NeedCategory; title: string; unit: string; target: number }[];
  payments: { milestone: string; amountYuan: number; afterShare: number; dueOn: Dayjs }[];
};

/** 新建购买服务项目: the contract, its deliverables (each perhaps answering a need of the library) and instalments. */
function AddPurchase({
  community,
  needs,
}: {
  community: string;
  needs: { id: number; title: string; category: string }[];
}) {
  const tx = useTx();
  const act = useAct('needs');
  const options = useCategoryOptions();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => regionsApi.agencies() });
  const orgs = (agencies.data ?? []).filter((a) => a.kind === 'social_organization');
  const [form] = Form.useForm<Form>();
  const day = (d: Dayjs) => d.format('YYYY-MM-DD');
  return (
    <FormModal<Form>
      form={form}
      width={860}
      label={tx('新建购买项目', 'New purchase')}
      testId="add-purchase"
      title={tx('新建政府购买服务项目', 'New purchased service')}
      okText={tx('保存', 'Save')}
      initialValues={{
        term: [dayjs(), dayjs().add(1, 'year')],
        items: [{ unit: '次', target: 10 } as Form['items'][number]],
        payments: [
          { milestone: '签约首付', afterShare: 0, dueOn: dayjs().add(7, 'day') } as Form['payments'][number],
          { milestone: '验收尾款', afterShare: 100, dueOn: dayjs().add(1, 'year') } as Form['payments'][number],
        ],
      }}
      onSubmit={(v) =>
        act(
          () =>
            needsApi.addPurchase({
              street: community.slice(0, 9),
              community,
              title: v.title,
              agencyId: v.agencyId,
              contractNo: v.contractNo,
              fundSource: v.fundSource ?? '',
              signedOn: day(dayjs()),
              startsOn: day(v.term[0]),
              endsOn: day(v.term[1]),
              budgetYuan: v.budgetYuan,
              items: v.items.map((i) => ({ ...i, needId: i.needId ?? null })),
              payments: v.payments.map((x) => ({ ...x, dueOn: day(x.dueOn) })),
            }),
          tx('购买服务项目已登记', 'Purchase recorded'),
        )
      }
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="title" label={tx('项目名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="agencyId" label={tx('承接社会组织', 'Organisation')} rules={[{ required: true }]}>
            <Select options={orgs.map((a) => ({ value: a.id, label: a.name }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contractNo" label={tx('合同编号', 'Contract no.')} rules={[{ required: true, max: 40 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="fundSource" label={tx('资金来源', 'Funded by')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="budgetYuan" label={tx('合同金额（元）', 'Budget (yuan)')} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="term" label={tx('服务期', 'Term')} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Col>
      </Row>
      <h4>{tx('服务内容（交付数量）', 'Deliverables')}</h4>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'needId']} style={{ width: 180 }}>
                  <Select
                    allowClear
                    aria-label={tx('对应需求', 'Answers need')}
                    placeholder={tx('对应需求库中的需求', 'A need of the library')}
                    options={needs.map((n) => ({ value: n.id, label: n.title }))}
                    onChange={(id?: number) => {
                      const n = needs.find((x) => x.id === id);
                      if (n) form.setFieldValue(['items', f.name, 'category'], n.category);
                    }}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'category']}
                  rules={[{ required: true, message: tx('请选择类别', 'Category') }]}
                >
                  <Select
                    showSearch
                    optionFilterProp="label"
                    aria-label={tx('类别', 'Category')}
                    placeholder={tx('类别', 'Category')}
                    style={{ width: 170 }}
                    options={options}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'title']}
                  rules={[{ required: true, min: 2, max: 60, message: tx('请填写服务内容', 'What') }]}
                >
                  <Input aria-label={tx('服务内容', 'Deliverable')} placeholder={tx('服务内容', 'Deliverable')} />
                </Form.Item>
                <Form.Item name={[f.name, 'target']} rules={[{ required: true }]}>
                  <InputNumber aria-label={tx('数量', 'Count')} min={1} style={{ width: 80 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'unit']} rules={[{ required: true, max: 6 }]}>
                  <Input aria-label={tx('单位', 'Unit')} style={{ width: 60 }} />
                </Form.Item>
                {i > 0 && <Button onClick={() => remove(f.name)}>{tx('删除', 'Remove')}</Button>}
              </Space>
            ))}
            <Button onClick={() => add({ unit: '次', target: 10 })}>{tx('添加服务内容', 'Add a deliverable')}</Button>
          </>
        )}
      </Form.List>
      <h4 style={{ marginTop: 16 }}>
        {tx('付款节点（各期之和须等于合同金额）', 'Instalments (adding up to the budget)')}
      </h4>
      <Form.List name="payments">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'milestone']} rules={[{ required: true, min: 2, max: 30 }]}>
                  <Input aria-label={tx('付款节点', 'Instalment')} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'amountYuan']}
                  rules={[{ required: true, message: tx('请填写金额', 'Amount') }]}
                >
                  <InputNumber
                    aria-label={tx('金额（元）', 'Amount')}
                    placeholder={tx('金额（元）', 'Amount')}
                    min={0.01}
                    precision={2}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'afterShare']} rules={[{ required: true }]}>
                  <InputNumber
                    aria-label={tx('验收进度达到（%）', 'After % accepted')}
                    min={0}
                    max={100}
                    addonBefore={tx('验收达', 'after')}
                    addonAfter="%"
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true }]}>
                  <DatePicker aria-label={tx('计划付款日', 'Due')} />
                </Form.Item>
                {i > 0 && <Button onClick={() => remove(f.name)}>{tx('删除', 'Remove')}</Button>}
              </Space>
            ))}
            <Button onClick={() => add({ afterShare: 50, dueOn: dayjs().add(6, 'month') })}>
              {tx('添加付款节点', 'Add an instalment')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}
