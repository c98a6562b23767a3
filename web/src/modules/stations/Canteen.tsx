import { useQuery } from '@tanstack/react-query';
import { Form, Input, InputNumber, Select, Space, Statistic, Table, Tag } from 'antd';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { stationsApi } from './api.js';

type Fields = { meal: 'lunch' | 'dinner'; careSubjectId?: number; diner?: string; price: number; subsidy: number };

/** 长者食堂: today's meals (names masked), the month so far, and serving a meal — to a care subject or by name. */
export function Canteen({ street, id }: { street: string; id: number }) {
  const tx = useTx();
  const act = useAct('stations');
  const q = useQuery({ queryKey: ['stations', 'canteen', street, id], queryFn: () => stationsApi.canteen(street, id) });
  const hour = Number(
    new Date().toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }),
  );
  return (
    <Loaded query={q}>
      {(d) => (
        <>
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title={tx('本月供餐（人次）', 'Meals this month')} value={d.month.meals} />
            <Statistic title={tx('其中关爱对象', 'To care subjects')} value={d.month.careMeals} />
            <Statistic title={tx('本月助餐补贴（元）', 'Subsidies (yuan)')} value={d.month.subsidy} />
          </Space>
          <div>
            <FormModal<Fields>
              label={tx('登记助餐', 'Serve a meal')}
              testId="serve-meal"
              title={tx('登记助餐', 'Serve a meal')}
              okText={tx('保存', 'Save')}
              initialValues={{ meal: hour < 15 ? 'lunch' : 'dinner', price: 8, subsidy: 4 }}
              onSubmit={(v) =>
                act(
                  () =>
                    stationsApi.serveMeal(street, id, {
                      meal: v.meal,
                      careSubjectId: v.careSubjectId ?? null,
                      diner: v.diner || null,
                      price: v.price,
                      subsidy: v.subsidy,
                    }),
                  tx('已登记', 'Served'),
                )
              }
            >
              <Form.Item name="meal" label={tx('餐次', 'Meal')}>
                <Select
                  options={[
                    { value: 'lunch', label: tx('午餐', 'Lunch') },
                    { value: 'dinner', label: tx('晚餐', 'Dinner') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="careSubjectId" label={tx('关爱对象（享受补贴）', 'Care subject')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={d.careSubjects.map((c) => ({ value: c.id, label: c.name }))}
                />
              </Form.Item>
              <Form.Item name="diner" label={tx('或填写就餐老人姓名', 'Or the diner’s name')}>
                <Input maxLength={30} />
              </Form.Item>
              <Space>
                <Form.Item name="price" label={tx('实收（元）', 'Paid (yuan)')} rules={[{ required: true }]}>
                  <InputNumber min={0} max={100} step={0.5} />
                </Form.Item>
                <Form.Item name="subsidy" label={tx('补贴（元）', 'Subsidy (yuan)')}>
                  <InputNumber min={0} max={100} step={0.5} />
                </Form.Item>
              </Space>
            </FormModal>
          </div>
          <Table
            rowKey="id"
            size="small"
            style={{ marginTop: 8 }}
            pagination={{ pageSize: 10 }}
            dataSource={d.meals}
            columns={[
              {
                title: tx('餐次', 'Meal'),
                render: (_: unknown, m) => (m.meal === 'lunch' ? tx('午餐', 'Lunch') : tx('晚餐', 'Dinner')),
              },
              {
                title: tx('就餐老人', 'Diner'),
                render: (_: unknown, m) =>
                  m.care ? (
                    <>
                      {m.diner} <Tag color="red">{tx('关爱对象', 'Care')}</Tag>
                    </>
                  ) : (
                    m.diner
                  ),
              },
              { title: tx('实收', 'Paid'), dataIndex: 'price' },
              { title: tx('补贴', 'Subsidy'), dataIndex: 'subsidy' },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
