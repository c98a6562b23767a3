import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Input, List, Picker, SpinLoading, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  needCategories,
  needCategoryCodes,
  sensitiveCategories,
  type NeedCategory,
} from '../../../../../contracts/needs.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useI18n, useTx } from '../../../i18n.js';
import { ApiError } from '../../../lib/http.js';
import { errorMessage } from '../../../lib/query.js';
import { needsApi } from '../api.js';
import { useNeedName } from '../names.js';

/** 我有需求 on a resident's phone: tell the community what the family needs, and follow how far it has come. */
export function PhoneNeeds() {
  const name = useNeedName();
  const tx = useTx();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: ['needs', 'mine'], queryFn: () => needsApi.myNeeds() });
  const [category, setCategory] = useState<NeedCategory | null>(null);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ title?: string; detail?: string; urgent?: boolean }>();
  const top = needCategoryCodes.filter((c) => c !== 'venue');
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('我有需求', 'I need help')} onBack={() => navigate('/m')} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          if (!category) return Toast.show(tx('请选择需求类别', 'Pick what kind of help'));
          if (!v.title || v.title.trim().length < 2) return Toast.show(tx('请简单说明需求', 'Say what you need'));
          setBusy(true);
          try {
            await needsApi.raiseNeed({
              category,
              title: v.title,
              detail: v.detail ?? '',
              urgency: v.urgent ? 'urgent' : 'normal',
            });
            Toast.show({
              icon: 'success',
              content: tx('已提交，社区会尽快对接', 'Sent: the community will find help'),
            });
            form.resetFields();
            setCategory(null);
            void client.invalidateQueries({ queryKey: ['needs'] });
          } catch (e) {
            Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : String(e) });
          } finally {
            setBusy(false);
          }
        }}
        footer={
          <Button block type="submit" color="primary" loading={busy} data-testid="m-need-submit">
            {tx('提交', 'Send')}
          </Button>
        }
      >
        <Form.Item label={tx('需求类别', 'Kind of help')} onClick={() => setPicking(true)} arrow>
          <span data-testid="m-need-category">
            {category ? needCategories[category][lang] : tx('请选择', 'Choose')}
          </span>
        </Form.Item>
        {category && sensitiveCategories.includes(category) && (
          <Form.Item>
            <span style={{ color: '#595959' }}>
              {tx('此类需求仅社区经办人可见', 'Only the community’s handlers will see this')}
            </span>
          </Form.Item>
        )}
        <Form.Item name="title" label={tx('需要什么帮助', 'What do you need')}>
          <Input
            placeholder={tx('例如：希望有人每周上门量血压', 'e.g. someone to check blood pressure weekly')}
            data-testid="m-need-title"
          />
        </Form.Item>
        <Form.Item name="detail" label={tx('补充说明', 'Details')}>
          <TextArea maxLength={1000} rows={3} />
        </Form.Item>
        <Form.Item name="urgent" label={tx('比较紧急', 'Urgent')} childElementPosition="right">
          <Switch aria-label={tx('比较紧急', 'Urgent')} />
        </Form.Item>
      </Form>
      <Picker
        columns={[top.map((c) => ({ value: c, label: needCategories[c][lang] }))]}
        visible={picking}
        onClose={() => setPicking(false)}
        onConfirm={(v) => setCategory((v[0] as NeedCategory | null) ?? null)}
        confirmText={tx('确定', 'OK')}
        cancelText={tx('取消', 'Cancel')}
      />
      {mine.isPending && <SpinLoading style={{ margin: '20px auto' }} />}
      {mine.isError && <ErrorBlock status="empty" title={errorMessage(mine.error)} description="" />}
      {mine.data && mine.data.items.length > 0 && (
        <List header={tx('我提过的需求', 'What I asked for')} data-testid="m-needs-mine">
          {mine.data.items.map((n) => (
            <List.Item
              key={n.id}
              description={`${name(n.categoryName)} · ${n.createdAt.slice(0, 10)}`}
              extra={<Tag color="primary">{name(n.stateName)}</Tag>}
            >
              {n.title}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
