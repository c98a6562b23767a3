import { useQuery } from '@tanstack/react-query';
import gcoord from 'gcoord';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { useEffect, useRef, useState } from 'react';
import { baseMap, type BaseMap, type RegionMap } from '../../../contracts/regions.js';
import { http } from '../lib/http.js';

const PALETTE = ['#fde2e4', '#e2ece9', '#dfe7fd', '#fff1e6', '#f0efeb', '#e8e8e4', '#d8e2dc', '#fad2e1'];
const BRAND = '#c8102e';
/** Tiles that failed before any loaded: the source is unreachable (a closed network), draw plainly. */
const GIVE_UP_AFTER = 4;

type Point = { lng: number; lat: number; name: string; /** Fill (default the brand red). */ color?: string };

/** The deployment's base map, asked once per page load. */
export function useBaseMap(): BaseMap | null {
  return (
    useQuery({ queryKey: ['map', 'base'], queryFn: () => http.get(baseMap, '/api/map/base'), staleTime: Infinity })
      .data ?? null
  );
}

/** The registry's WGS-84 geometry in the tiles' system: shifted into GCJ-02 for 高德 / 腾讯 tiles. */
function toTiles<T extends object>(crs: BaseMap['crs'], geo: T): T {
  return crs === 'gcj02' ? (gcoord.transform(structuredClone(geo) as never, gcoord.WGS84, gcoord.GCJ02) as T) : geo;
}
function pointToTiles(crs: BaseMap['crs'], p: { lng: number; lat: number }): L.LatLngTuple {
  const [lng, lat] = crs === 'gcj02' ? gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02) : [p.lng, p.lat];
  return [lat, lng];
}

/**
 * A community's grids (GeoJSON, WGS-84) and places on a map (Leaflet). With a base map configured
 * (天地图 or any XYZ source, docs/ARCHITECTURE.md "Maps") the grids are drawn over its tiles, in
 * its coordinate system; without one, or when its tiles do not load (a street office's closed
 * network), the grids are drawn on a plain background as before. Clicking a grid reports its code.
 */
export function GridMap({
  data,
  onPick,
  colors,
  labels,
  points,
  height = 420,
  focus = 'all',
}: {
  data?: RegionMap | null;
  onPick?: ((code: string) => void) | undefined;
  /** Fill per grid code (e.g. by household count against the sizing rule). */
  colors?: Record<string, string> | undefined;
  /** Extra label line per grid code. */
  labels?: Record<string, string> | undefined;
  /** Places to mark on the map (a case's location, the phone's position). */
  points?: Point[] | undefined;
  height?: number;
  /** `points`: open close in on the points (a case's place), not on the whole community. */
  focus?: 'all' | 'points';
}) {
  const ref = useRef<HTMLDivElement>(null);
  const base = useBaseMap();
  const [plain, setPlain] = useState(false);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const el = ref.current;
    if (!el || !base) return;
    const crs = base.crs;
    const tiled = base.layers.length > 0 && !plain;
    const map = L.map(el, { zoomControl: true, attributionControl: tiled, zoomSnap: 0.25 });
    if (!tiled) el.style.background = '#f7f7f7';
    if (tiled) {
      let loaded = 0;
      let failed = 0;
      for (const layer of base.layers) {
        const tiles = L.tileLayer(layer.url, {
          subdomains: layer.subdomains.length ? layer.subdomains : 'abc',
          attribution: layer.attribution,
          maxZoom: layer.maxZoom,
        });
        tiles.on('tileload', () => loaded++);
        tiles.on('tileerror', () => {
          if (++failed >= GIVE_UP_AFTER && loaded === 0) setPlain(true);
        });
        tiles.addTo(map);
      }
    }
    // the layers are made first and added after the view is set: a permanent label needs a view
    const layers: L.Layer[] = [];
    const bounds = L.latLngBounds([]);
    if (data && data.features.length > 0) {
      const grids = L.geoJSON(toTiles(crs, data) as never, {
        style: (f) => {
          const code = (f?.properties as { code?: string } | undefined)?.code ?? '';
          const i = data.features.findIndex((x) => x.properties.code === code);
          return {
            color: BRAND,
            weight: 1.5,
            fillColor: colors?.[code] ?? PALETTE[i % PALETTE.length],
            fillOpacity: tiled ? 0.35 : 0.85,
          };
        },
        onEachFeature: (f, l) => {
          const p = f.properties as { code: string; name: string };
          const short = p.name.replace(/^.*第/, '第');
          const extra = labels?.[p.code];
          l.bindTooltip(extra ? `${short}<br>${extra}` : short, {
            permanent: true,
            direction: 'center',
            className: 'linli-grid-label',
          });
          l.on('click', () => pick.current?.(p.code));
        },
      });
      layers.push(grids);
      bounds.extend(grids.getBounds());
    }
    for (const p of points ?? []) {
      const at = pointToTiles(crs, p);
      layers.push(
        L.circleMarker(at, {
          radius: 8,
          color: '#fff',
          weight: 2,
          fillColor: p.color ?? BRAND,
          fillOpacity: 1,
        }).bindTooltip(p.name, { direction: 'top', offset: [0, -8] }),
      );
      bounds.extend(at);
    }
    const first = points?.[0];
    if (focus === 'points' && first) map.setView(pointToTiles(crs, first), 17);
    else if (bounds.isValid()) {
      const onlyPoints = !data?.features.length;
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: onlyPoints ? 17 : 18 });
    } else map.setView([26.08, 119.3], 14);
    for (const l of layers) l.addTo(map);
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      map.remove();
    };
  }, [base, plain, data, colors, labels, points, focus]);

  return (
    <div style={{ position: 'relative' }}>
      <div
        ref={ref}
        data-testid="grid-map"
        data-tiles={!base ? 'pending' : base.layers.length && !plain ? 'on' : 'off'}
        style={{ width: '100%', height }}
      />
      {plain && (
        <div
          style={{
            position: 'absolute',
            left: 8,
            bottom: 8,
            zIndex: 500,
            fontSize: 12,
            color: '#666',
            background: '#fffc',
            padding: '2px 6px',
          }}
        >
          底图无法加载，已显示简图
        </div>
      )}
    </div>
  );
}
