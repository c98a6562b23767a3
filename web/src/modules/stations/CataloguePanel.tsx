import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Select, Space, Table, Tag, Upload } from 'antd';
import { channelNames, channels } from '../../../../contracts/stations.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { ApiError } from '../../lib/http.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { stationsApi } from './api.js';

type ItemFields = {
  categoryId: number;
  code: string;
  name: string;
  who: string;
  materials?: string;
  channels: (typeof channels)[number][];
  timeLimit: string;
  fee?: string;
};

/** 服务清单: the street's catalogue by category; add or change an item; import from XLSX (all or nothing); export. */
export function CataloguePanel({ street }: { street: string }) {
  const tx = useTx();
  const act = useAct('stations');
  const client = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ['stations', 'catalogue', street], queryFn: () => stationsApi.catalogue(street) });
  return (
    <Loaded query={q}>
      {(c) => (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <span>
              {tx(
                `${c.categories.length} 大类 ${c.items.length} 项`,
                `${c.categories.length} categories, ${c.items.length} items`,
              )}
            </span>
            <FormModal<ItemFields>
              label={tx('新增事项', 'New item')}
              testId="new-item"
              title={tx('服务事项（编码相同即修改）', 'Service item')}
              okText={tx('保存', 'Save')}
              initialValues={{ channels: ['station'], fee: '免费' }}
              onSubmit={(v) =>
                act(
                  () =>
                    stationsApi.saveItem({
                      street,
                      categoryId: v.categoryId,
                      community: null,
                      code: v.code,
                      name: v.name,
                      who: v.who,
                      materials: (v.materials ?? '').split(/[、,，\s]+/).filter(Boolean),
                      channels: v.channels,
                      timeLimit: v.timeLimit,
                      fee: v.fee || '免费',
                    }),
                  tx('已保存', 'Saved'),
                )
              }
            >
              <Form.Item name="categoryId" label={tx('服务类别', 'Category')} rules={[{ required: true }]}>
                <Select options={c.categories.map((x) => ({ value: x.id, label: x.name }))} />
              </Form.Item>
              <Form.Item
                name="code"
                label={tx('编码', 'Code')}
                rules={[
                  {
                    required: true,
                    pattern: /^[A-Za-z0-9_-]{1,20}$/,
                    message: tx('字母、数字，最多20位', 'Letters and digits'),
                  },
                ]}
              >
                <Input />
              </Form.Item>
              <Form.Item name="name" label={tx('服务事项', 'Item')} rules={[{ required: true, max: 60 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="who" label={tx('服务对象', 'Who')} rules={[{ required: true, max: 200 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="materials" label={tx('所需材料（顿号分开）', 'Materials')}>
                <Input />
              </Form.Item>
              <Form.Item name="channels" label={tx('办理方式', 'How')} rules={[{ required: true }]}>
                <Select mode="multiple" options={channels.map((ch) => ({ value: ch, label: channelNames[ch].zh }))} />
              </Form.Item>
              <Form.Item name="timeLimit" label={tx('办理时限', 'Time limit')} rules={[{ required: true, max: 30 }]}>
                <Input placeholder="即时办结" />
              </Form.Item>
              <Form.Item name="fee" label={tx('收费', 'Fee')}>
                <Input />
              </Form.Item>
            </FormModal>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                void stationsApi
                  .importCatalogue(street, file)
                  .then((r) => {
                    message.success(tx(`已导入 ${r.items} 项`, `Imported ${r.items}`));
                    void client.invalidateQueries({ queryKey: ['stations'] });
                  })
                  .catch((e: unknown) =>
                    message.error({ content: e instanceof ApiError ? e.message : String(e), duration: 10 }),
                  );
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>{tx('从表格导入', 'Import XLSX')}</Button>
            </Upload>
            <Button href={`/api/services/export.xlsx?street=${street}`}>{tx('导出表格', 'Export XLSX')}</Button>
          </Space>
          <Table
            rowKey="id"
            size="small"
            dataSource={c.items}
            pagination={{ pageSize: 20 }}
            columns={[
              {
                title: tx('类别', 'Category'),
                dataIndex: 'category',
                filters: c.categories.map((x) => ({ text: x.name, value: x.name })),
                onFilter: (v, i) => i.category === v,
              },
              { title: tx('编码', 'Code'), dataIndex: 'code' },
              { title: tx('服务事项', 'Item'), dataIndex: 'name' },
              { title: tx('服务对象', 'Who'), dataIndex: 'who' },
              { title: tx('所需材料', 'Bring'), render: (_: unknown, i) => i.materials.join('、') },
              {
                title: tx('办理方式', 'How'),
                render: (_: unknown, i) => i.channels.map((ch) => <Tag key={ch}>{channelNames[ch].zh}</Tag>),
              },
              { title: tx('时限', 'Limit'), dataIndex: 'timeLimit' },
              { title: tx('收费', 'Fee'), dataIndex: 'fee' },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
