import { useQuery } from '@tanstack/react-query';
import { DatePicker, Image, Popover, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTx } from '../../i18n.js';
import { visitsApi } from './api.js';
import { useVisitName } from './names.js';

type Log = Awaited<ReturnType<typeof visitsApi.log>>['items'][number];

/** 民情日记: the place's visits, newest first, filtered by dates kept in the address; photos and edits shown. */
export function VisitLog({
  region,
  params,
  set,
}: {
  region: string;
  params: URLSearchParams;
  set: (patch: Record<string, string | undefined>) => void;
}) {
  const name = useVisitName();
  const tx = useTx();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const log = useQuery({
    queryKey: ['visits', 'log', region, from, to, page],
    queryFn: () => visitsApi.log({ region, from, to, page }),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          aria-label={tx('走访日期', 'Dates')}
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(v) =>
            set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD'), page: undefined })
          }
        />
      </Space>
      <Table<Log>
        data-testid="visits-log"
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={log.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => set({ page: String(p) }),
        }}
        columns={[
          {
            title: tx('时间', 'When'),
            dataIndex: 'visitedAt',
            className: 'nowrap',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
          { title: tx('住址', 'Address'), dataIndex: 'address', className: 'nowrap' },
          { title: tx('走访人', 'Visitor'), dataIndex: 'visitor', className: 'nowrap' },
          {
            title: tx('方式', 'How'),
            className: 'nowrap',
            render: (_: unknown, r: { kindName: string }) => name(r.kindName),
          },
          {
            title: tx('情况记录', 'Notes'),
            render: (_, v) => (
              <>
                {v.notes}
                {v.edits > 0 && <VisitHistory id={v.id} edits={v.edits} />}
              </>
            ),
          },
          {
            title: tx('照片', 'Photos'),
            className: 'nowrap',
            render: (_, v) =>
              v.photos.length ? (
                <Image.PreviewGroup>
                  {v.photos.map((p, i) => (
                    <Image
                      key={p}
                      width={40}
                      height={40}
                      style={{ objectFit: 'cover' }}
                      alt={tx(`走访照片 ${i + 1}`, `Photo ${i + 1}`)}
                      src={`/api/visits/${v.id}/photos/${p}?size=thumb`}
                      preview={{ src: `/api/visits/${v.id}/photos/${p}` }}
                    />
                  ))}
                </Image.PreviewGroup>
              ) : (
                '—'
              ),
          },
          {
            title: tx('发现', 'Findings'),
            className: 'nowrap',
            render: (_, v) => (
              <Space size={4}>
                {v.findings.map((f, i) =>
                  f.caseId ? (
                    <a key={i} href={`/cases/${f.caseId}`}>
                      {f.text}
                    </a>
                  ) : (
                    <Tag key={i}>{f.text}</Tag>
                  ),
                )}
                {v.outsideGrid && <Tag color="orange">{tx('定位不在网格内', 'Outside the grid')}</Tag>}
                {v.householdMoved && <Tag color="orange">{tx('住户已迁移', 'Household moved')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

/** 已修改 n 次: what the edits after 24 hours replaced, on demand. */
function VisitHistory({ id, edits }: { id: number; edits: number }) {
  const tx = useTx();
  const [open, setOpen] = useState(false);
  const history = useQuery({ queryKey: ['visits', 'edits', id], queryFn: () => visitsApi.edits(id), enabled: open });
  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      title={tx('修改记录', 'Edits')}
      content={
        <div style={{ maxWidth: 360 }}>
          {(history.data?.items ?? []).map((e, i) => (
            <p key={i}>
              {new Date(e.at).toLocaleString('zh-CN', { hour12: false })} {e.actor ?? ''}
              {tx('修改前：', ' before: ')}
              {e.before.notes || '—'}
            </p>
          ))}
        </div>
      }
    >
      <Tag color="purple" style={{ marginLeft: 8, cursor: 'pointer' }}>
        {tx(`已修改 ${edits} 次`, `edited ${edits}×`)}
      </Tag>
    </Popover>
  );
}
