import type { GeoJsonGeometry } from '../tables.js';
import { prng } from '../../../core/prng.js';

export { prng };

export type LayoutOptions = {
  /** Street bounding box in WGS-84: [minLng, minLat, maxLng, maxLat]. */
  bbox: [number, number, number, number];
  communities: number;
  gridsPerCommunity: number;
  /** Seed of the deterministic jitter. */
  seed: number;
};

export type CommunityLayout = {
  boundary: GeoJsonGeometry;
  /** In grid-code order: north→south, then west→east (docs/RULES.md). */
  grids: GeoJsonGeometry[];
};

type Box = [number, number, number, number];

const round = (x: number) => Math.round(x * 1e6) / 1e6;
/** Metres are what look square on the map: a degree of longitude is cos(lat) of a degree of latitude. */
const aspect = ([x0, y0, x1, y1]: Box) => ((x1 - x0) * Math.cos(((y0 + y1) / 2) * (Math.PI / 180))) / (y1 - y0);

/** The factor pair cols × rows = n whose cells are closest to square in a box of that aspect. */
function bestSplit(n: number, boxAspect: number): [cols: number, rows: number] {
  let best: [number, number] = [n, 1];
  let score = Infinity;
  for (let cols = 1; cols <= n; cols++) {
    if (n % cols !== 0) continue;
    const rows = n / cols;
    const s = Math.abs(Math.log(boxAspect / cols / (1 / rows)));
    if (s < score) [best, score] = [[cols, rows], s];
  }
  return best;
}

/**
 * Synthetic but deterministic boundaries. The street is cut into horizontal bands of
 * communities with straight edges; inside each community a lattice of grid cells whose inner
 * vertices are jittered (under half a cell, so no cell folds). Neighbouring cells share the
 * same vertices and the community's edges are straight lines, so grids tile their community and
 * communities tile the street, without gap or overlap.
 */
export function layoutStreet(opts: LayoutOptions): CommunityLayout[] {
  const [minLng, minLat, maxLng, maxLat] = opts.bbox;
  const rand = prng(opts.seed);
  const bands = Math.max(1, Math.min(opts.communities, Math.round(Math.sqrt(opts.communities / aspect(opts.bbox)))));
  const out: CommunityLayout[] = [];
  let placed = 0;
  for (let b = 0; b < bands; b++) {
    const inBand = Math.ceil((opts.communities - placed) / (bands - b));
    const top = maxLat - ((maxLat - minLat) * b) / bands;
    const bottom = maxLat - ((maxLat - minLat) * (b + 1)) / bands;
    for (let k = 0; k < inBand; k++) {
      const box: Box = [
        minLng + ((maxLng - minLng) * k) / inBand,
        bottom,
        minLng + ((maxLng - minLng) * (k + 1)) / inBand,
        top,
      ];
      out.push(layoutCommunity(box, opts.gridsPerCommunity, rand));
    }
    placed += inBand;
  }
  return out;
}

function layoutCommunity(box: Box, n: number, rand: () => number): CommunityLayout {
  const [x0, y0, x1, y1] = box;
  const [C, R] = bestSplit(n, aspect(box));
  const w = (x1 - x0) / C;
  const h = (y1 - y0) / R;
  const vertex: [number, number][][] = [];
  for (let i = 0; i <= C; i++) {
    const column: [number, number][] = [];
    for (let j = 0; j <= R; j++) {
      const inner = i > 0 && i < C && j > 0 && j < R;
      const dx = inner ? (rand() - 0.5) * 0.6 * w : 0;
      const dy = inner ? (rand() - 0.5) * 0.6 * h : 0;
      column.push([round(x0 + i * w + dx), round(y0 + j * h + dy)]);
    }
    vertex.push(column);
  }
  const at = (i: number, j: number): [number, number] => vertex[i]?.[j] ?? [NaN, NaN];
  /** Counter-clockwise outline of the block of cells [i0, i1) × [j0, j1) (j counts south→north). */
  const outline = (i0: number, i1: number, j0: number, j1: number): GeoJsonGeometry => {
    const ring: [number, number][] = [];
    for (let i = i0; i < i1; i++) ring.push(at(i, j0));
    for (let j = j0; j < j1; j++) ring.push(at(i1, j));
    for (let i = i1; i > i0; i--) ring.push(at(i, j1));
    for (let j = j1; j > j0; j--) ring.push(at(i0, j));
    ring.push(at(i0, j0));
    return { type: 'Polygon', coordinates: [ring] };
  };
  const grids: GeoJsonGeometry[] = [];
  for (let rowFromTop = 0; rowFromTop < R; rowFromTop++) {
    const j = R - 1 - rowFromTop;
    for (let i = 0; i < C; i++) grids.push(outline(i, i + 1, j, j + 1));
  }
  return { boundary: outline(0, C, 0, R), grids };
}
