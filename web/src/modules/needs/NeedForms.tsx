import { Form, Input, InputNumber, Select } from 'antd';
import {
  needCategories,
  needCategoryCodes,
  ownerKindNames,
  ownerKinds,
  privacies,
  privacyNames,
  resourceKindNames,
  resourceKinds,
  sensitiveCategories,
  type NeedCategory,
} from '../../../../contracts/needs.js';
import { useI18n, useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { today, useAct } from '../party/useAct.js';
import { needsApi } from './api.js';

const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** The catalogue as select options: items under their top category. */
export function useCategoryOptions() {
  const { lang } = useI18n();
  return needCategoryCodes.map((c) => ({
    value: c,
    label: needCategories[c].parent
      ? `${needCategories[needCategories[c].parent as NeedCategory][lang]} · ${needCategories[c][lang]}`
      : needCategories[c][lang],
  }));
}

/** 新增资源: a resource of the community, valid for a year from today. */
export function AddResource({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('needs');
  const options = useCategoryOptions();
  type V = {
    title: string;
    kind: (typeof resourceKinds)[number];
    category: NeedCategory;
    ownerKind: (typeof ownerKinds)[number];
    ownerName: string;
    capacity: number;
    address?: string;
  };
  return (
    <FormModal<V>
      small
      label={tx('新增资源', 'Add a resource')}
      testId="add-resource"
      title={tx('新增资源', 'Add a resource')}
      okText={tx('保存', 'Save')}
      initialValues={{ kind: 'service', ownerKind: 'team', capacity: 10 }}
      onSubmit={(v) =>
        act(
          () =>
            needsApi.addResource({
              street: community.slice(0, 9),
              community,
              ...v,
              address: v.address ?? '',
              validFrom: today(),
              validTo: inDays(365),
            }),
          tx('资源已加入清单', 'Resource added'),
        )
      }
    >
      <Form.Item name="title" label={tx('资源名称', 'Name')} rules={[{ required: true, min: 2, max: 60 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="kind" label={tx('类型', 'Kind')}>
        <Select options={resourceKinds.map((k) => ({ value: k, label: resourceKindNames[k][lang] }))} />
      </Form.Item>
      <Form.Item name="category" label={tx('类别', 'Category')} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" options={options} />
      </Form.Item>
      <Form.Item name="ownerKind" label={tx('提供方类型', 'Provider kind')}>
        <Select options={ownerKinds.map((k) => ({ value: k, label: ownerKindNames[k][lang] }))} />
      </Form.Item>
      <Form.Item name="ownerName" label={tx('提供方', 'Provider')} rules={[{ required: true, min: 2, max: 40 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="capacity" label={tx('每月可提供次数/数量', 'Capacity a month')} rules={[{ required: true }]}>
        <InputNumber min={1} max={1_000_000} />
      </Form.Item>
      <Form.Item name="address" label={tx('地址', 'Address')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

/** 登记需求: a need of the whole community; a sensitive category cannot be made public. */
export function AddNeed({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('needs');
  const options = useCategoryOptions();
  const [form] = Form.useForm<{
    title: string;
    category: NeedCategory;
    privacy: (typeof privacies)[number];
    detail?: string;
  }>();
  const category = Form.useWatch('category', form);
  const sensitive = category !== undefined && sensitiveCategories.includes(category);
  return (
    <FormModal
      small
      form={form}
      label={tx('登记需求', 'Add a need')}
      testId="add-need"
      title={tx('登记需求', 'Add a need')}
      okText={tx('保存', 'Save')}
      initialValues={{ privacy: 'community' }}
      onSubmit={(v) =>
        act(
          () => needsApi.addNeed({ community, requesterKind: 'community', ...v, detail: v.detail ?? '' }),
          tx('需求已登记', 'Need recorded'),
        )
      }
    >
      <Form.Item name="title" label={tx('需求', 'Need')} rules={[{ required: true, min: 2, max: 60 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="category" label={tx('类别', 'Category')} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" options={options} />
      </Form.Item>
      <Form.Item
        name="privacy"
        label={tx('公开范围', 'Who may see it')}
        extra={
          sensitive ? tx('涉及健康、残疾或困难情况的需求不能公开', 'Needs of this kind cannot be public') : undefined
        }
      >
        <Select
          options={privacies.map((p) => ({
            value: p,
            label: privacyNames[p][lang],
            disabled: sensitive && p === 'public',
          }))}
        />
      </Form.Item>
      <Form.Item name="detail" label={tx('说明', 'Details')}>
        <Input.TextArea maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
