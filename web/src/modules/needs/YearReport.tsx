import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Select, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { needCategories, ownerKindNames, type NeedCategory } from '../../../../contracts/needs.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { needsApi } from './api.js';
import { money } from './money.js';

/** 年度报告: needs raised and met by category, who met them and at what cost; as Excel too. */
export function YearReport({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const q = useQuery({
    queryKey: ['needs', 'report', community, year],
    queryFn: () => needsApi.report(community, year),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          aria-label={tx('年度', 'Year')}
          value={year}
          onChange={setYear}
          options={[0, 1, 2].map((k) => ({
            value: thisYear - k,
            label: tx(`${thisYear - k} 年`, String(thisYear - k)),
          }))}
        />
        <Button href={needsApi.reportXlsx(community, year)} data-testid="report-xlsx">
          {tx('导出 Excel', 'Export to Excel')}
        </Button>
      </Space>
      <Loaded query={q}>
        {(r) => (
          <>
            <Row gutter={12} style={{ marginBottom: 12 }}>
              <Col span={8}>
                <Card size="small">
                  <Statistic title={tx('提出需求', 'Needs raised')} value={r.totals.raised} />
                </Card>
              </Col>
              <Col span={8}>
                <Card size="small">
                  <Statistic title={tx('已满足', 'Needs met')} value={r.totals.met} />
                </Card>
              </Col>
              <Col span={8}>
                <Card size="small">
                  <Statistic title={tx('投入费用', 'Cost')} value={money(r.totals.costYuan)} />
                </Card>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col xs={24} lg={10}>
                <Table
                  data-testid="report-categories"
                  size="small"
                  rowKey="category"
                  pagination={false}
                  dataSource={r.byCategory}
                  columns={[
                    {
                      title: tx('类别', 'Category'),
                      render: (_, c) => needCategories[c.category as NeedCategory]?.[lang] ?? c.category,
                    },
                    { title: tx('提出', 'Raised'), dataIndex: 'raised' },
                    { title: tx('满足', 'Met'), dataIndex: 'met' },
                  ]}
                />
              </Col>
              <Col xs={24} lg={14}>
                <Table
                  data-testid="report-providers"
                  size="small"
                  rowKey={(p) => `${p.kind}:${p.provider}`}
                  pagination={false}
                  dataSource={r.byProvider}
                  columns={[
                    { title: tx('提供方', 'Provider'), dataIndex: 'provider' },
                    {
                      title: tx('类型', 'Kind'),
                      render: (_, p) => ownerKindNames[p.kind as keyof typeof ownerKindNames]?.[lang] ?? p.kind,
                    },
                    { title: tx('项目', 'Projects'), dataIndex: 'projects' },
                    { title: tx('满足需求', 'Needs met'), dataIndex: 'needsMet' },
                    { title: tx('服务量', 'Delivered'), dataIndex: 'delivered' },
                    { title: tx('费用', 'Cost'), className: 'nowrap', render: (_, p) => money(p.costYuan) },
                  ]}
                />
              </Col>
            </Row>
          </>
        )}
      </Loaded>
    </>
  );
}
