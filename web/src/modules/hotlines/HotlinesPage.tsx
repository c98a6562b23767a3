import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { hotlineKindNames, hotlineKinds, type HotlineInput, type HotlineItem } from '../../../../contracts/hotlines.js';
import { useAuth } from '../../auth.js';
import { useI18n, useTx } from '../../i18n.js';
import { ApiError } from '../../lib/http.js';
import { Loaded } from '../../components/Loaded.js';
import { regionsApi } from '../org/api.js';
import { hotlinesApi } from './api.js';

/** The communities a user may pick: their own, or those of the street they work for. */
function useCommunities() {
  const { me } = useAuth();
  const codes = (me?.user.roles ?? []).flatMap((r) => (r.regionCode ? [r.regionCode] : []));
  const own = [...new Set(codes.filter((c) => c.length >= 12).map((c) => c.slice(0, 12)))];
  const street = codes.find((c) => c.length === 9);
  const streetChildren = useQuery({
    queryKey: ['regions', street],
    queryFn: () => regionsApi.region(street ?? ''),
    enabled: street !== undefined,
  });
  const fromStreet = (streetChildren.data?.children ?? [])
    .filter((c) => c.level === 'community')
    .map((c) => ({ code: c.code, name: c.name }));
  return own.length > 0 ? own.map((code) => ({ code, name: code })) : fromStreet;
}

/** 便民电话: the community's service numbers, kept by its staff (the phone shows them to residents). */
export function HotlinesPage() {
  const tx = useTx();
  const { lang } = useI18n();
  const communities = useCommunities();
  const [picked, setPicked] = useState<string | undefined>();
  const community = picked ?? communities[0]?.code;
  const list = useQuery({
    queryKey: ['hotlines', community],
    queryFn: () => hotlinesApi.list(community),
    enabled: community !== undefined,
  });
  const [editing, setEditing] = useState<HotlineItem | 'new' | null>(null);
  const client = useQueryClient();
  const { message } = App.useApp();
  const reload = () => void client.invalidateQueries({ queryKey: ['hotlines'] });
  return (
    <Card
      title={tx('便民电话', 'Service numbers')}
      extra={
        <Space>
          {communities.length > 1 && (
            <Select
              data-testid="hotline-community"
              aria-label={tx('社区', 'Community')}
              style={{ width: 200 }}
              value={community}
              onChange={setPicked}
              options={communities.map((c) => ({ value: c.code, label: c.name }))}
            />
          )}
          {list.data?.canManage && (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="hotline-add">
              {tx('新增号码', 'Add a number')}
            </Button>
          )}
        </Space>
      }
    >
      <Loaded query={list}>
        {(data) => (
          <Table<HotlineItem>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.items}
            columns={[
              { title: tx('名称', 'Name'), dataIndex: 'name' },
              { title: tx('电话', 'Phone'), dataIndex: 'phone' },
              {
                title: tx('类别', 'Kind'),
                dataIndex: 'kind',
                render: (k: HotlineItem['kind']) => <Tag>{hotlineKindNames[k][lang]}</Tag>,
              },
              { title: tx('服务时间', 'Hours'), dataIndex: 'hours' },
              ...(data.canManage
                ? [
                    {
                      title: tx('操作', 'Actions'),
                      render: (_: unknown, r: HotlineItem) => (
                        <Space>
                          <Button size="small" onClick={() => setEditing(r)}>
                            {tx('修改', 'Edit')}
                          </Button>
                          <Popconfirm
                            title={tx('撤下这个号码？', 'Take this number off the list?')}
                            onConfirm={async () => {
                              await hotlinesApi.remove(r.id);
                              message.success(tx('已撤下', 'Removed'));
                              reload();
                            }}
                          >
                            <Button size="small" danger>
                              {tx('撤下', 'Remove')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Loaded>
      {editing !== null && community && (
        <HotlineDialog
          community={community}
          hotline={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      )}
    </Card>
  );
}

function HotlineDialog(props: { community: string; hotline: HotlineItem | null; onClose: (saved: boolean) => void }) {
  const tx = useTx();
  const { lang } = useI18n();
  const [form] = Form.useForm<HotlineInput>();
  const [error, setError] = useState<string | null>(null);
  const h = props.hotline;
  return (
    <Modal
      open
      title={h ? tx('修改号码', 'Edit the number') : tx('新增号码', 'Add a number')}
      onCancel={() => props.onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'hotline-save' }}
    >
      {error && <div style={{ color: '#c8102e', marginBottom: 8 }}>{error}</div>}
      <Form<HotlineInput>
        form={form}
        layout="vertical"
        initialValues={h ?? { kind: 'community', hours: '', sort: 100 }}
        onFinish={async (v) => {
          const body = { ...v, community: props.community };
          try {
            if (h) await hotlinesApi.change(h.id, body);
            else await hotlinesApi.add(body);
            props.onClose(true);
          } catch (e) {
            setError(e instanceof ApiError ? (e.body.issues?.[0]?.message ?? e.message) : tx('保存失败', 'Not saved'));
          }
        }}
      >
        <Form.Item name="name" label={tx('名称', 'Name')} rules={[{ required: true, max: 40 }]}>
          <Input data-testid="hotline-name" placeholder={tx('如：物业服务中心', 'e.g. the property office')} />
        </Form.Item>
        <Form.Item name="phone" label={tx('电话', 'Phone')} rules={[{ required: true }]}>
          <Input data-testid="hotline-phone" placeholder="0591-87654321" />
        </Form.Item>
        <Form.Item name="kind" label={tx('类别', 'Kind')}>
          <Select options={hotlineKinds.map((k) => ({ value: k, label: hotlineKindNames[k][lang] }))} />
        </Form.Item>
        <Form.Item name="hours" label={tx('服务时间', 'Hours')}>
          <Input placeholder={tx('如：工作日 8:30–17:30、24小时', 'e.g. weekdays 8:30–17:30')} />
        </Form.Item>
        <Form.Item name="sort" label={tx('排序（小的在前）', 'Order (smaller first)')}>
          <InputNumber min={0} max={999} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
