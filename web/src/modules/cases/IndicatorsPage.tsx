import { Alert, Button, Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../lib/query.js';
import { useSearchParams } from 'react-router-dom';
import { casesApi, type IndicatorRowT } from './api.js';
import { useTx } from '../../i18n.js';

echarts.use([BarChart, LineChart, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const GROUPS = [
  ['community', '社区', 'Community'],
  ['grid', '网格', 'Grid'],
  ['agency', '处置单位', 'Unit'],
  ['category', '问题大类', 'Category'],
  ['month', '月份', 'Month'],
  ['source', '来源', 'Source'],
  ['street', '街道', 'Street'],
] as const;

const RATES = [
  ['closure', '结案率', 'Closure'],
  ['closureOnTime', '按期结案率', 'On-time closure'],
  ['disposal', '处置率', 'Disposal'],
  ['disposalOnTime', '按期处置率', 'On-time disposal'],
  ['rework', '返工率', 'Rework'],
  ['overduePending', '超期待处置率', 'Overdue pending'],
  ['extension', '延期率', 'Extension'],
  ['response', '响应率', 'Response'],
  ['resolution', '解决率', 'Resolution'],
  ['satisfaction', '满意率', 'Satisfaction'],
] as const;

/** The rates drawn beside the case counts. */
const CHARTED = ['closure', 'closureOnTime', 'satisfaction'] as const;
/** Above this many groups the bars lie down (names read left to right) and the chart scrolls. */
const MANY = 12;
/** Groups shown at once when the chart scrolls. */
const WINDOW = 15;

const rateName = (k: (typeof RATES)[number][0], tx: (zh: string, en: string) => string) => {
  const r = RATES.find((x) => x[0] === k);
  return r ? tx(r[1], r[2]) : k;
};

const chartHeight = (n: number) => (n > MANY ? 80 + Math.min(n, WINDOW) * 26 : 340);

/**
 * Case counts as bars (件) and three rates as lines (%), with the legend above the plot so it never
 * meets the axis labels. Few groups: columns, names under them on one line each. Many (50 grids):
 * horizontal bars, every name shown, 15 at a time with a scroll bar.
 */
function indicatorChart(rows: IndicatorRowT[], tx: (zh: string, en: string) => string) {
  const many = rows.length > MANY;
  const names = rows.map((r) => r.name);
  const cases = tx('立案数（件）', 'Cases');
  const rateAxis = { type: 'value', name: tx('比率（%）', 'Rate (%)'), max: 100, axisLabel: { formatter: '{value}%' } };
  const countAxis = { type: 'value', name: cases, axisLabel: { formatter: `{value}${tx('件', '')}` } };
  const categoryAxis = {
    type: 'category',
    data: names,
    inverse: many, // the first group at the top
    axisLabel: many ? { interval: 0, width: 150, overflow: 'truncate' } : { interval: 0, width: 80, overflow: 'break' },
  };
  const series = [
    { type: 'bar', name: cases, data: rows.map((r) => r.total), ...(many ? { xAxisIndex: 0 } : {}) },
    ...CHARTED.map((k) => ({
      type: 'line',
      name: rateName(k, tx),
      ...(many ? { xAxisIndex: 1 } : { yAxisIndex: 1 }),
      data: rows.map((r) =>
        r.rates[k] === null || r.rates[k] === undefined ? null : Math.round((r.rates[k] ?? 0) * 10000) / 100,
      ),
    })),
  ];
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : String(v)),
    },
    legend: { top: 0, type: 'scroll' },
    grid: { top: many ? 72 : 48, left: 16, right: many ? 40 : 24, bottom: many ? 36 : 16, containLabel: true },
    ...(many
      ? {
          yAxis: categoryAxis,
          xAxis: [
            { ...countAxis, nameLocation: 'middle', nameGap: 28 },
            { ...rateAxis, position: 'top', nameLocation: 'middle', nameGap: 24 },
          ],
          dataZoom: [
            {
              type: 'slider',
              yAxisIndex: 0,
              startValue: 0,
              endValue: WINDOW - 1,
              right: 8,
              width: 14,
              showDetail: false,
            },
            { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
          ],
        }
      : { xAxis: categoryAxis, yAxis: [countAxis, rateAxis] }),
    series,
  };
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

/** Indicators per group over a period, as docs/RULES.md defines them, with a chart and an XLSX export. */
export function IndicatorsPage() {
  const tx = useTx();
  const [params, setParams] = useSearchParams();
  const groupBy = params.get('groupBy') ?? 'community';
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const from = params.get('from') ?? dayjs().subtract(1, 'year').add(1, 'day').format('YYYY-MM-DD');
  const query = { groupBy, from, to };
  const result = useQuery({
    queryKey: ['cases', 'indicators', groupBy, from, to],
    queryFn: () => casesApi.indicators({ groupBy, from, to }),
  });
  const rows: IndicatorRowT[] | null = result.data?.rows ?? null;
  const ratings = result.data?.ratings ?? [];
  const error = result.isError ? errorMessage(result.error) : null;
  const chartRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<'chart' | 'table'>('chart');

  useEffect(() => {
    const el = chartRef.current;
    if (!el || !rows || view !== 'chart') return;
    const chart = echarts.init(el);
    chart.setOption(indicatorChart(rows, tx));
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [rows, tx, view]);

  const set = (patch: Record<string, string>) => setParams(new URLSearchParams({ ...query, ...patch }));
  const total = rows?.reduce((s, r) => s + r.total, 0) ?? 0;
  const proactive = rows?.reduce((s, r) => s + r.proactive, 0) ?? 0;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {tx('案件指标', 'Case indicators')}
      </Typography.Title>
      <Space wrap>
        <Segmented
          value={groupBy}
          onChange={(v) => set({ groupBy: String(v) })}
          options={GROUPS.map(([value, zh, en]) => ({ value, label: tx(zh, en) }))}
        />
        <DatePicker.RangePicker
          value={[dayjs(from), dayjs(to)]}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
        />
        <Button href={casesApi.indicatorsExportUrl(query)}>{tx('导出 Excel', 'Export XLSX')}</Button>
      </Space>
      {error && <Alert type="error" title={error} />}
      <Typography.Text data-testid="indicator-summary">
        {tx(
          `期间立案 ${total} 件，其中主动发现 ${proactive} 件`,
          `${total} cases registered, ${proactive} found proactively`,
        )}
      </Typography.Text>
      <Card
        size="small"
        title={tx('立案数与结案、按期结案、满意率', 'Cases, closure, on-time closure and satisfaction')}
        extra={
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { value: 'chart', label: tx('图表', 'Chart') },
              { value: 'table', label: tx('表格', 'Table') },
            ]}
          />
        }
      >
        {view === 'chart' ? (
          <div
            ref={chartRef}
            data-testid="indicator-chart"
            role="img"
            aria-label={tx('案件指标图表，可切换为表格查看', 'Indicator chart; switch to the table view to read it')}
            style={{ width: '100%', height: chartHeight(rows?.length ?? 0) }}
          />
        ) : (
          <Table<IndicatorRowT>
            data-testid="indicator-chart-table"
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rows ?? []}
            loading={!rows && !error}
            scroll={{ y: 360 }}
            columns={[
              { title: tx('名称', 'Name'), dataIndex: 'name', className: 'nowrap' },
              { title: tx('立案（件）', 'Cases'), dataIndex: 'total', align: 'right' },
              ...CHARTED.map((k) => ({
                title: `${rateName(k, tx)}（%）`,
                key: k,
                align: 'right' as const,
                render: (_: unknown, r: IndicatorRowT) => pct(r.rates[k]),
              })),
            ]}
          />
        )}
      </Card>
      <Table<IndicatorRowT>
        rowKey="key"
        size="small"
        loading={!rows && !error}
        dataSource={rows ?? []}
        pagination={false}
        scroll={{ x: 1400 }}
        columns={[
          { title: tx('名称', 'Name'), dataIndex: 'name', fixed: 'left', width: 170 },
          { title: tx('立案', 'Cases'), dataIndex: 'total', width: 70 },
          { title: tx('结案', 'Closed'), dataIndex: 'closed', width: 70 },
          ...RATES.map(([k, zh, en]) => ({
            title: tx(zh, en),
            key: k,
            width: 100,
            render: (_: unknown, r: IndicatorRowT) => pct(r.rates[k]),
          })),
          { title: tx('主动发现', 'Proactive'), dataIndex: 'proactive', width: 90 },
          { title: tx('综合得分', 'Score'), dataIndex: 'score', width: 90, fixed: 'right' },
        ]}
      />
      {ratings.length > 0 && (
        <Card size="small" title={tx('处置单位反向评价（5 分制）', 'Units rated back (out of 5)')}>
          <Table
            rowKey={(r) => `${r.agencyId}-${r.raterKind}`}
            size="small"
            pagination={false}
            dataSource={ratings}
            columns={[
              { title: tx('单位', 'Unit'), dataIndex: 'name' },
              {
                title: tx('评价方', 'By'),
                dataIndex: 'raterKind',
                render: (k: string) => (k === 'community' ? tx('社区', 'Community') : tx('居民', 'Residents')),
              },
              { title: tx('平均分', 'Mean'), dataIndex: 'mean', render: (m: number) => m.toFixed(2) },
              { title: tx('评价数', 'Count'), dataIndex: 'count' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
