import { useQuery } from '@tanstack/react-query';
import { DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Rate, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { gradeNames, recordKindNames } from '../../../../contracts/volunteering.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { useNameOf } from '../../lib/names.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { volunteersApi } from './volunteers-api.js';

type Row = Awaited<ReturnType<typeof volunteersApi.list>>['items'][number];

/** 志愿者: the community's register; one opens with the five kinds of record, and the certificate is issued there. */
export function Volunteers({ community }: { community: string }) {
  const tx = useTx();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['points', 'volunteers', community, q],
    queryFn: () => volunteersApi.list(community, q || undefined),
  });
  const [open, setOpen] = useState<Row | null>(null);
  return (
    <>
      <Input.Search
        aria-label={tx('按姓名或志愿者编号查找', 'Find by name or number')}
        placeholder={tx('姓名或志愿者编号', 'Name or volunteer number')}
        allowClear
        onSearch={setQ}
        style={{ maxWidth: 320, marginBottom: 8 }}
      />
      <Loaded query={list}>
        {(d) => (
          <Table
            data-testid="volunteers"
            size="small"
            rowKey="id"
            dataSource={d.items}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
            columns={[
              {
                title: tx('姓名', 'Name'),
                render: (_, r) => (
                  <a onClick={() => setOpen(r)} data-testid={`volunteer-${r.id}`}>
                    {r.name}
                  </a>
                ),
              },
              { title: tx('志愿者编号', 'Number'), dataIndex: 'volunteerNo' },
              {
                title: tx('实名', 'Real name'),
                render: (_, r) =>
                  r.realName ? <Tag color="green">{tx('已关联', 'Linked')}</Tag> : <Tag>{tx('未关联', 'No')}</Tag>,
              },
              { title: tx('服务队', 'Teams'), render: (_, r) => r.teams.join('、') || '—' },
              { title: tx('技能', 'Skills'), render: (_, r) => r.skills.join('、') || '—' },
              { title: tx('服务时长（小时）', 'Hours'), dataIndex: 'hours', align: 'right' },
              {
                title: tx('星级', 'Stars'),
                render: (_, r) => <Rate disabled count={5} value={r.stars} style={{ fontSize: 12 }} />,
              },
            ]}
          />
        )}
      </Loaded>
      {open && <Profile community={community} row={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function Profile({ community, row, onClose }: { community: string; row: Row; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('points');
  const street = community.slice(0, 9);
  const nameOf = useNameOf(recordKindNames, gradeNames);
  const p = useQuery({
    queryKey: ['points', 'volunteer', row.id],
    queryFn: () => volunteersApi.profile(row.id, street),
  });
  return (
    <Drawer open width={720} title={`${row.name} · ${row.volunteerNo}`} onClose={onClose}>
      <Loaded query={p}>
        {(v) => (
          <>
            <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={tx('注册社区', 'Community')}>{v.community}</Descriptions.Item>
              <Descriptions.Item label={tx('实名关联', 'Real name')}>
                {v.realName ? tx('已关联居民档案', 'Linked to the registry') : tx('未关联', 'Not linked')}
              </Descriptions.Item>
              <Descriptions.Item label={tx('服务时长', 'Hours')}>{v.hours}</Descriptions.Item>
              <Descriptions.Item label={tx('星级', 'Stars')}>
                <Rate disabled count={5} value={v.stars} style={{ fontSize: 12 }} />
              </Descriptions.Item>
              <Descriptions.Item label={tx('技能', 'Skills')}>{v.skills.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={tx('可服务时间', 'Availability')}>{v.availability || '—'}</Descriptions.Item>
              <Descriptions.Item label={tx('服务队', 'Teams')} span={2}>
                {v.teams.join('、') || '—'}
              </Descriptions.Item>
            </Descriptions>
            <Space wrap style={{ marginBottom: 12 }}>
              <FormModal<{ skills: string[]; availability: string }>
                small
                label={tx('编辑基本信息', 'Edit basics')}
                title={tx('技能与可服务时间', 'Skills and availability')}
                okText={tx('保存', 'Save')}
                initialValues={{ skills: v.skills, availability: v.availability }}
                onSubmit={(f) =>
                  act(
                    () =>
                      volunteersApi.edit(v.id, { street, skills: f.skills ?? [], availability: f.availability ?? '' }),
                    tx('已保存', 'Saved'),
                  )
                }
              >
                <Form.Item name="skills" label={tx('技能', 'Skills')}>
                  <Select
                    mode="tags"
                    options={['助老', '医疗急救', '心理疏导', '法律咨询', '文艺', '维修'].map((s) => ({ value: s }))}
                  />
                </Form.Item>
                <Form.Item name="availability" label={tx('可服务时间', 'Availability')} rules={[{ max: 100 }]}>
                  <Input placeholder={tx('如：周末全天、工作日晚上', 'e.g. weekends')} />
                </Form.Item>
              </FormModal>
              <RecordForm id={v.id} street={street} />
              <CertificateForm community={community} volunteerId={v.id} />
            </Space>
            <h4>{tx('服务记录', 'Service')}</h4>
            <Table
              data-testid="volunteer-service"
              size="small"
              rowKey="id"
              pagination={{ pageSize: 8, showSizeChanger: false }}
              dataSource={v.service}
              columns={[
                { title: tx('日期', 'Date'), dataIndex: 'date' },
                { title: tx('活动', 'Activity'), dataIndex: 'activity' },
                { title: tx('记录社区', 'Recorded by'), dataIndex: 'community' },
                { title: tx('时长', 'Hours'), dataIndex: 'hours', align: 'right' },
                {
                  title: tx('确认', 'Confirmed'),
                  render: (_, s) =>
                    s.confirmed ? <Tag color="green">{tx('已确认', 'Yes')}</Tag> : <Tag>{tx('待确认', 'No')}</Tag>,
                },
              ]}
            />
            <h4>{tx('培训、表彰与评价', 'Training, awards and evaluations')}</h4>
            <Table
              data-testid="volunteer-records"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={v.records}
              columns={[
                { title: tx('日期', 'Date'), dataIndex: 'onDate' },
                { title: tx('类别', 'Kind'), render: (_, r) => nameOf(r.kindName) },
                { title: tx('内容', 'Title'), dataIndex: 'title' },
                {
                  title: tx('学时 / 等次', 'Hours / grade'),
                  render: (_, r) =>
                    r.grade ? nameOf(r.grade) : r.hours === null ? '—' : tx(`${r.hours} 小时`, `${r.hours} h`),
                },
              ]}
            />
          </>
        )}
      </Loaded>
    </Drawer>
  );
}

function RecordForm({ id, street }: { id: number; street: string }) {
  const tx = useTx();
  const act = useAct('points');
  const { lang } = useI18n();
  const [form] = Form.useForm<{
    kind: 'training' | 'award' | 'evaluation';
    onDate: Dayjs;
    title: string;
    hours?: number;
    grade?: string;
  }>();
  const kind = Form.useWatch('kind', form);
  return (
    <FormModal
      small
      form={form}
      label={tx('添加记录', 'Add a record')}
      testId="add-volunteer-record"
      title={tx('培训、表彰或评价记录', 'Training, award or evaluation')}
      okText={tx('保存', 'Save')}
      initialValues={{ kind: 'training' }}
      onSubmit={(f) =>
        act(
          () =>
            volunteersApi.addRecord(id, {
              street,
              kind: f.kind,
              onDate: f.onDate.format('YYYY-MM-DD'),
              title: f.title,
              hours: f.kind === 'training' ? (f.hours ?? null) : null,
              grade: f.kind === 'evaluation' ? ((f.grade ?? null) as 'good' | null) : null,
            }),
          tx('记录已保存', 'Recorded'),
        )
      }
    >
      <Form.Item name="kind" label={tx('类别', 'Kind')} rules={[{ required: true }]}>
        <Select
          options={(['training', 'award', 'evaluation'] as const).map((k) => ({
            value: k,
            label: recordKindNames[k][lang],
          }))}
        />
      </Form.Item>
      <Form.Item name="onDate" label={tx('日期', 'Date')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="title" label={tx('内容', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
        <Input />
      </Form.Item>
      {kind === 'training' && (
        <Form.Item name="hours" label={tx('培训学时', 'Training hours')}>
          <InputNumber min={0.25} max={500} step={0.5} />
        </Form.Item>
      )}
      {kind === 'evaluation' && (
        <Form.Item name="grade" label={tx('评价等次', 'Grade')} rules={[{ required: true }]}>
          <Select
            options={(['excellent', 'good', 'pass', 'fail'] as const).map((g) => ({
              value: g,
              label: gradeNames[g][lang],
            }))}
          />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** 出具证明: the person in charge and a telephone, optionally a period; the PDF opens for printing. */
function CertificateForm({ community, volunteerId }: { community: string; volunteerId: number }) {
  const tx = useTx();
  const act = useAct('points');
  return (
    <FormModal<{ principal: string; contact: string; period?: [Dayjs, Dayjs] }>
      small
      label={tx('出具证明', 'Issue a certificate')}
      testId="issue-certificate"
      title={tx('出具志愿服务记录证明', 'Issue a certificate of volunteer service')}
      okText={tx('出具', 'Issue')}
      onSubmit={(f) =>
        act(
          async () => {
            const c = await volunteersApi.issue({
              community,
              volunteerId,
              principal: f.principal,
              contact: f.contact,
              ...(f.period ? { from: f.period[0].format('YYYY-MM-DD'), to: f.period[1].format('YYYY-MM-DD') } : {}),
            });
            window.open(volunteersApi.pdfUrl(c.id, community.slice(0, 9)), '_blank');
          },
          tx('证明已出具', 'Issued'),
        )
      }
    >
      <Form.Item
        name="principal"
        label={tx('负责人', 'Person in charge')}
        rules={[{ required: true, min: 2, max: 20 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="contact"
        label={tx('联系电话', 'Telephone')}
        rules={[{ required: true, pattern: /^[0-9-]{5,30}$/, message: tx('请填写电话号码', 'A telephone number') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="period" label={tx('服务期间（不填为全部）', 'Period (all when empty)')}>
        <DatePicker.RangePicker />
      </Form.Item>
    </FormModal>
  );
}
