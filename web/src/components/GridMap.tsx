import { EffectScatterChart, MapChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { RegionMap } from '../../../contracts/regions.js';

echarts.use([MapChart, EffectScatterChart, GeoComponent, TooltipComponent, CanvasRenderer]);

const PALETTE = ['#fde2e4', '#e2ece9', '#dfe7fd', '#fff1e6', '#f0efeb', '#e8e8e4', '#d8e2dc', '#fad2e1'];

/** Mean latitude of the first ring's vertices: a degree of longitude is cos(lat) of a degree of latitude. */
function centerLat(data: RegionMap): number {
  const lats = data.features.flatMap(
    (f) =>
      (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0]?.[0])?.map((p) => p[1]) ??
      [],
  );
  return lats.length ? lats.reduce((a, b) => a + b, 0) / lats.length : 0;
}

/**
 * A community's grids drawn from their GeoJSON (WGS-84) with ECharts: no map tiles, so it works
 * on a street office's closed network. Clicking a grid reports its code.
 */
export function GridMap({
  mapKey,
  data,
  onPick,
  colors,
  labels,
  points,
}: {
  mapKey: string;
  data: RegionMap;
  onPick?: (code: string) => void;
  /** Fill per grid code (e.g. by household count against the sizing rule). */
  colors?: Record<string, string>;
  /** Extra label line per grid code. */
  labels?: Record<string, string>;
  /** Places to mark on the map (a case's location). */
  points?: { lng: number; lat: number; name: string }[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const name = `linli-${mapKey}`;
    echarts.registerMap(name, data as unknown as Parameters<typeof echarts.registerMap>[1]);
    const chart = echarts.init(el);
    const aspectScale = Math.cos((centerLat(data) * Math.PI) / 180);
    chart.setOption({
      tooltip: { trigger: 'item', formatter: (p: { name: string }) => p.name },
      // with points: a geo coordinate system that the map and the markers share
      ...(points?.length ? { geo: { map: name, roam: true, aspectScale, nameProperty: 'name', silent: true } } : {}),
      series: [
        ...(points?.length
          ? [
              {
                type: 'effectScatter',
                coordinateSystem: 'geo',
                symbolSize: 14,
                itemStyle: { color: '#c8102e' },
                zlevel: 2,
                data: points.map((p) => ({ name: p.name, value: [p.lng, p.lat] })),
              },
            ]
          : []),
        {
          type: 'map',
          map: name,
          nameProperty: 'name',
          roam: true,
          ...(points?.length ? { geoIndex: 0 } : {}),
          aspectScale,
          label: {
            show: true,
            fontSize: 11,
            formatter: (p: { name: string; data?: { code?: string } }) => {
              const short = p.name.replace(/^.*第/, '第');
              const extra = p.data?.code ? labels?.[p.data.code] : undefined;
              return extra ? `${short}\n${extra}` : short;
            },
          },
          itemStyle: { borderColor: '#c8102e', borderWidth: 1 },
          emphasis: { itemStyle: { areaColor: '#ffd666' } },
          data: data.features.map((f, i) => ({
            name: f.properties.name,
            code: f.properties.code,
            itemStyle: { areaColor: colors?.[f.properties.code] ?? PALETTE[i % PALETTE.length] },
          })),
        },
      ],
    });
    chart.on('click', (p) => {
      const code = (p.data as { code?: string } | undefined)?.code;
      if (code) onPick?.(code);
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [mapKey, data, onPick, colors, labels, points]);
  return <div ref={ref} data-testid="grid-map" style={{ width: '100%', height: 420 }} />;
}
