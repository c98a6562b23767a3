import { useQuery } from '@tanstack/react-query';
import { Card, Progress, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { gradeOf } from '../../../../contracts/party-units.js';
import { resolutionStateNames } from '../../../../contracts/party.js';
import { partyApi } from './api.js';
import { MyUnitReports } from './UnitReports.js';

type Record = Awaited<ReturnType<typeof partyApi.unitRecord>>;
const STATE: { [k: string]: string } = { open: 'blue', overdue: 'red', done: 'green' };

/** 我的共建: a co-building unit's own record — how communities rated it, its resolutions, its agreements. */
export function UnitRecordPage() {
  const tx = useTx();
  const { lang } = useI18n();
  const record = useQuery({ queryKey: ['party', 'unit-record'], queryFn: () => partyApi.unitRecord() });
  return (
    <Loaded query={record}>
      {(r) => (
        <Card title={`${tx('我的共建', 'Our co-building record')} · ${r.unit}`}>
          <h3>{tx('社区反向评价', 'Communities’ reviews')}</h3>
          <Table<Record['reviews'][number]>
            data-testid="unit-reviews"
            rowKey={(x) => `${x.community}-${x.quarter}`}
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={r.reviews}
            columns={[
              { title: tx('季度', 'Quarter'), dataIndex: 'quarter', className: 'nowrap' },
              { title: tx('社区', 'Community'), dataIndex: 'communityName', className: 'nowrap' },
              {
                title: tx('评分', 'Score'),
                className: 'nowrap',
                render: (_, x) =>
                  x.review ? (
                    `${x.review.total}（${gradeOf(x.review.total)[lang]}）`
                  ) : (
                    <Tag>{tx('未评', 'Not yet')}</Tag>
                  ),
              },
              {
                title: tx('分项（履约 / 参与 / 响应）', 'Items'),
                className: 'nowrap',
                render: (_, x) =>
                  x.review ? `${x.review.fulfilment} / ${x.review.participation} / ${x.review.response}` : '—',
              },
              { title: tx('评语', 'Comment'), render: (_, x) => x.review?.comment || '—' },
              {
                title: tx('居民评价', 'Residents'),
                className: 'nowrap',
                render: (_, x) =>
                  x.residents.rated === 0
                    ? '—'
                    : tx(
                        `${x.residents.rated} 件 · 满意率 ${Math.round((x.residents.satisfaction ?? 0) * 100)}%`,
                        `${x.residents.rated} · ${Math.round((x.residents.satisfaction ?? 0) * 100)}%`,
                      ),
              },
            ]}
          />
          <MyUnitReports />
          <h3 style={{ marginTop: 24 }}>{tx('联席会议决议', 'Resolutions')}</h3>
          <Table<Record['resolutions'][number]>
            data-testid="unit-resolutions"
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10 }}
            scroll={{ x: 'max-content' }}
            dataSource={r.resolutions}
            columns={[
              { title: tx('决议事项', 'Resolution'), dataIndex: 'what' },
              { title: tx('会议', 'Meeting'), dataIndex: 'meeting', className: 'nowrap' },
              {
                title: tx('角色', 'Role'),
                className: 'nowrap',
                render: (_, x) => (x.role === 'lead' ? tx('牵头', 'Lead') : tx('协办', 'Assist')),
              },
              { title: tx('期限', 'Due'), dataIndex: 'dueOn', className: 'nowrap' },
              {
                title: tx('状态', 'State'),
                className: 'nowrap',
                render: (_, x) => (
                  <Tag color={STATE[x.state]}>{resolutionStateNames[x.state as 'open']?.[lang] ?? x.stateName}</Tag>
                ),
              },
              {
                title: tx('案件', 'Case'),
                className: 'nowrap',
                render: (_, x) => (x.caseId ? <Link to={`/cases/${x.caseId}`}>{tx('查看案件', 'Open')}</Link> : '—'),
              },
            ]}
          />
          <h3 style={{ marginTop: 24 }}>{tx('共建协议', 'Agreements')}</h3>
          <Table<Record['agreements'][number]>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={r.agreements}
            columns={[
              { title: tx('协议', 'Agreement'), dataIndex: 'title' },
              { title: tx('社区', 'Community'), dataIndex: 'community', className: 'nowrap' },
              { title: tx('到期', 'Ends'), dataIndex: 'termEnd', className: 'nowrap' },
              {
                title: tx('完成度', 'Done'),
                render: (_, x) => (
                  <Progress
                    aria-label={`${x.title} ${tx('完成度', 'done')}`}
                    percent={Math.round(x.progress * 100)}
                    size="small"
                    style={{ width: 140 }}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
    </Loaded>
  );
}
