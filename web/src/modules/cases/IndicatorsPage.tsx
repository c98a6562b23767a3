import { Alert, Button, Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { errorMessage } from '../../lib/query.js';
import { useSearchParams } from 'react-router-dom';
import { casesApi, type IndicatorRowT } from './api.js';
import { useTx } from '../../i18n.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

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

  useEffect(() => {
    const el = chartRef.current;
    if (!el || !rows) return;
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 40, right: 40, bottom: 60 },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: rows.length > 8 ? 30 : 0 } },
      yAxis: [
        { type: 'value', name: tx('立案数', 'Cases') },
        { type: 'value', name: '%', max: 100 },
      ],
      series: [
        { type: 'bar', name: tx('立案数', 'Cases'), data: rows.map((r) => r.total) },
        ...(['closure', 'closureOnTime', 'satisfaction'] as const).map((k) => ({
          type: 'line',
          yAxisIndex: 1,
          name: RATES.find((x) => x[0] === k)?.[1] ?? k,
          data: rows.map((r) =>
            r.rates[k] === null || r.rates[k] === undefined ? null : Math.round((r.rates[k] ?? 0) * 10000) / 100,
          ),
        })),
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [rows, tx]);

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
      <Card size="small">
        <div ref={chartRef} style={{ width: '100%', height: 320 }} />
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
