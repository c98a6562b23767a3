import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Select, Space, Statistic } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { volunteersApi } from './volunteers-api.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Report = Awaited<ReturnType<typeof volunteersApi.report>>;

/** 年度报告: the community's year of volunteering — people, activities, hours, and points issued, spent, expired. */
export function VolunteeringReport({ community }: { community: string }) {
  const tx = useTx();
  const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const q = useQuery({
    queryKey: ['points', 'report', community, year],
    queryFn: () => volunteersApi.report(community, year),
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
      </Space>
      <Loaded query={q}>{(r) => <Figures r={r} />}</Loaded>
    </>
  );
}

function Figures({ r }: { r: Report }) {
  const tx = useTx();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 48, right: 48, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: r.months.map((m) => tx(`${m.month}月`, String(m.month))) },
      yAxis: [
        { type: 'value', name: tx('小时', 'Hours') },
        { type: 'value', name: tx('积分', 'Points') },
      ],
      series: [
        { type: 'bar', name: tx('服务时长', 'Hours'), data: r.months.map((m) => m.hours), color: '#c8102e' },
        { type: 'line', name: tx('发放积分', 'Points issued'), yAxisIndex: 1, data: r.months.map((m) => m.points) },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [r, tx]);
  const stats: [string, string, number][] = [
    ['注册志愿者', 'Volunteers', r.volunteers],
    ['本年新注册', 'New this year', r.newVolunteers],
    ['参与服务', 'Active', r.activeVolunteers],
    ['服务队', 'Teams', r.teams],
    ['开展活动', 'Activities', r.activities],
    ['服务时长（小时）', 'Hours', r.hours],
    ['发放积分', 'Points issued', r.pointsIssued],
    ['兑换积分', 'Points spent', r.pointsSpent],
    ['清零积分', 'Points expired', r.pointsExpired],
    ['兑换领取', 'Goods picked up', r.redemptions],
    ['出具证明', 'Certificates', r.certificates],
    ['时间银行存入（小时）', 'Hours banked', Math.round((r.bankedMinutes / 60) * 100) / 100],
  ];
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="volunteering-report">
        {stats.map(([zh, en, v]) => (
          <Col key={en} xs={12} md={6} lg={4}>
            <Card size="small">
              <Statistic title={tx(zh, en)} value={v} />
            </Card>
          </Col>
        ))}
      </Row>
      <div
        ref={ref}
        style={{ height: 320 }}
        role="img"
        aria-label={tx('逐月服务时长与发放积分', 'Hours and points by month')}
      />
    </>
  );
}
