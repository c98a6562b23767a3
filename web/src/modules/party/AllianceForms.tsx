import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Upload } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { agreementItemKindNames } from '../../../../contracts/party.js';
import { useTx } from '../../i18n.js';
import { partyApi } from './api.js';
import { FormModal } from './FormModal.js';
import { today, useAct } from './useAct.js';

type Agreement = {
  agencyId: number;
  title: string;
  term: [dayjs.Dayjs, dayjs.Dayjs];
  items: { kind: string; what: string; target: number; unit: string }[];
};
type Meeting = {
  title: string;
  heldOn: dayjs.Dayjs;
  attendees?: string;
  minutes?: string;
  resolutions?: { what: string; lead: number; assist?: number[]; days: number }[];
};

const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const KINDS = (Object.keys(agreementItemKindNames) as (keyof typeof agreementItemKindNames)[]).map((k) => ({
  value: k,
  label: agreementItemKindNames[k].zh,
}));

function useUnits(community: string, enabled: boolean) {
  const units = useQuery({
    queryKey: ['party', 'units', community],
    queryFn: () => partyApi.units(community),
    enabled,
  });
  return (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
}

/** 签订共建协议: a unit, the term, and items under 活动共办 / 资源共享 / 组队共建 with a measure each. */
export function NewAgreement({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct();
  const [open, setOpen] = useState(false);
  const units = useUnits(community, open);
  return (
    <FormModal<Agreement>
      label={tx('登记共建协议', 'Record an agreement')}
      testId="party-new-agreement"
      title={tx('登记共驻共建协议', 'Co-building agreement')}
      okText={tx('登记', 'Record')}
      width={720}
      initialValues={{ items: [{ kind: 'activity', unit: '次' }] } as Partial<Agreement>}
      onOpen={() => setOpen(true)}
      onSubmit={(v) =>
        act(
          () =>
            partyApi.createAgreement({
              community,
              agencyId: v.agencyId,
              title: v.title,
              signedOn: day(v.term[0]),
              termEnd: day(v.term[1]),
              items: v.items,
            }),
          tx('协议已登记', 'Agreement recorded'),
        )
      }
    >
      <Form.Item
        name="agencyId"
        label={tx('共建单位', 'Unit')}
        rules={[{ required: true, message: tx('请选择单位', 'Pick a unit') }]}
      >
        <Select showSearch optionFilterProp="label" options={units} />
      </Form.Item>
      <Form.Item
        name="title"
        label={tx('协议名称', 'Title')}
        rules={[{ required: true, min: 2, message: tx('请填写协议名称', 'Give a title') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="term"
        label={tx('签订日期 — 到期日期', 'Signed — ends')}
        rules={[{ required: true, message: tx('请选择期限', 'Pick the term') }]}
      >
        <DatePicker.RangePicker />
      </Form.Item>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'kind']}>
                  <Select style={{ width: 120 }} options={KINDS} aria-label={tx('类别', 'Kind')} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'what']}
                  rules={[{ required: true, min: 2, message: tx('请填写事项', 'What') }]}
                >
                  <Input placeholder={tx('事项，如 联合开展主题党日', 'What')} style={{ width: 240 }} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'target']}
                  rules={[{ required: true, type: 'number', min: 0.1, message: tx('约定数量必须大于 0', 'Above 0') }]}
                >
                  <InputNumber placeholder={tx('数量', 'Measure')} aria-label={tx('数量', 'Measure')} />
                </Form.Item>
                <Form.Item name={[f.name, 'unit']} rules={[{ required: true, message: tx('单位', 'Unit') }]}>
                  <Input
                    placeholder={tx('次/小时', 'unit')}
                    style={{ width: 70 }}
                    aria-label={tx('计量单位', 'Unit')}
                  />
                </Form.Item>
                <Button type="link" onClick={() => remove(f.name)} disabled={fields.length === 1}>
                  {tx('删除', 'Remove')}
                </Button>
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ kind: 'resource', unit: '次' })}>
              {tx('添加事项', 'Add an item')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

/** 记录进展 on an item: the day, how much, a note. */
export function ItemProgress({ itemId, unit }: { itemId: number; unit: string }) {
  const tx = useTx();
  const act = useAct();
  return (
    <FormModal<{ doneOn: dayjs.Dayjs; amount: number; note?: string }>
      small
      label={tx('记录进展', 'Record progress')}
      testId={`party-progress-${itemId}`}
      title={tx('记录协议事项进展', 'Progress on the item')}
      okText={tx('记录', 'Record')}
      onSubmit={(v) =>
        act(
          () => partyApi.progress(itemId, { doneOn: day(v.doneOn) ?? today(), amount: v.amount, note: v.note ?? '' }),
          tx('进展已记录', 'Progress recorded'),
        )
      }
    >
      <Form.Item
        name="doneOn"
        label={tx('日期', 'Date')}
        rules={[{ required: true, message: tx('请选择日期', 'Pick the date') }]}
      >
        <DatePicker />
      </Form.Item>
      <Form.Item
        name="amount"
        label={tx(`完成数量（${unit}）`, `Amount (${unit})`)}
        rules={[{ required: true, type: 'number', min: 0.1, message: tx('完成数量必须大于 0', 'Above 0') }]}
      >
        <InputNumber />
      </Form.Item>
      <Form.Item name="note" label={tx('说明', 'Note')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

/** 上传签订文件: the signed agreement's scan (PDF, JPG or PNG, up to 10 MB). */
export function AttachFile({ agreementId }: { agreementId: number }) {
  const tx = useTx();
  const act = useAct();
  return (
    <Upload
      accept="application/pdf,image/jpeg,image/png"
      showUploadList={false}
      beforeUpload={(file) => {
        void act(() => partyApi.attachFile(agreementId, file), tx('协议文件已上传', 'File attached'));
        return false;
      }}
    >
      <Button size="small">{tx('上传签订文件', 'Attach the signed file')}</Button>
    </Upload>
  );
}

/** 召开联席会议: the meeting, its attendees and minutes, and resolutions with lead units and deadlines. */
export function NewMeeting({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct();
  const [open, setOpen] = useState(false);
  const units = useUnits(community, open);
  return (
    <FormModal<Meeting>
      label={tx('登记联席会议', 'Record a joint meeting')}
      testId="party-new-meeting"
      title={tx('登记党建联席会议', 'Joint meeting')}
      okText={tx('登记', 'Record')}
      width={760}
      initialValues={{ resolutions: [{ days: 20 }] } as Partial<Meeting>}
      onOpen={() => setOpen(true)}
      onSubmit={(v) =>
        act(
          () =>
            partyApi.createMeeting({
              community,
              title: v.title,
              heldOn: day(v.heldOn),
              attendees: v.attendees ?? '',
              minutes: v.minutes ?? '',
              resolutions: (v.resolutions ?? []).map((r) => ({
                what: r.what,
                leadAgencyId: r.lead,
                assistAgencyIds: r.assist ?? [],
                workingDays: r.days,
              })),
            }),
          tx('会议已登记', 'Meeting recorded'),
        )
      }
    >
      <Form.Item
        name="title"
        label={tx('会议名称', 'Title')}
        rules={[{ required: true, min: 2, message: tx('请填写会议名称', 'Give a title') }]}
      >
        <Input placeholder={tx('如 第四季度党建联席会议', 'e.g. Q4 joint meeting')} />
      </Form.Item>
      <Form.Item
        name="heldOn"
        label={tx('召开日期', 'Held on')}
        rules={[{ required: true, message: tx('请选择日期', 'Pick the date') }]}
      >
        <DatePicker />
      </Form.Item>
      <Form.Item name="attendees" label={tx('参会单位与人员', 'Attendees')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="minutes" label={tx('会议纪要', 'Minutes')}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Form.List name="resolutions">
        {(fields, { add, remove }) => (
          <>
            <p>
              <b>{tx('会议决议（按街道工作日历计算期限）', 'Resolutions (deadlines on working days)')}</b>
            </p>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item
                  name={[f.name, 'what']}
                  rules={[{ required: true, min: 2, message: tx('请填写决议事项', 'What') }]}
                >
                  <Input placeholder={tx('决议事项', 'Resolution')} style={{ width: 220 }} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'lead']}
                  rules={[{ required: true, message: tx('请选择牵头单位', 'Lead unit') }]}
                >
                  <Select
                    placeholder={tx('牵头单位', 'Lead')}
                    aria-label={tx('牵头单位', 'Lead')}
                    showSearch
                    optionFilterProp="label"
                    options={units}
                    style={{ width: 180 }}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'assist']}>
                  <Select
                    mode="multiple"
                    placeholder={tx('协办单位', 'Assisting')}
                    aria-label={tx('协办单位', 'Assisting')}
                    optionFilterProp="label"
                    options={units}
                    style={{ width: 180 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'days']}
                  rules={[{ required: true, type: 'number', min: 1, message: tx('期限', 'Days') }]}
                >
                  <InputNumber
                    min={1}
                    max={250}
                    addonAfter={tx('个工作日', 'working days')}
                    aria-label={tx('期限', 'Days')}
                  />
                </Form.Item>
                <Button type="link" onClick={() => remove(f.name)}>
                  {tx('删除', 'Remove')}
                </Button>
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ days: 20 })}>
              {tx('添加决议', 'Add a resolution')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}
