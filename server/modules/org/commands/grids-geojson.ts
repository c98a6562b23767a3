import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { GeoJsonGeometry } from '../tables.js';
import type { GridInput } from './save-grids.js';

const position = z.tuple([z.number(), z.number()]).rest(z.number());
const ring = z.array(position).min(4);
const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
const feature = z.object({
  type: z.literal('Feature'),
  geometry,
  properties: z
    .object({
      /** 1–999, or the full 15-digit grid code. */
      seq: z.union([z.number(), z.string()]).optional(),
      code: z.string().optional(),
      name: z.string().min(1).max(100),
    })
    .loose(),
});
const collection = z.object({ type: z.literal('FeatureCollection'), features: z.array(feature).min(1) });

/**
 * Reads a community's grids from a GeoJSON FeatureCollection (WGS-84): one Feature per grid, a
 * Polygon or MultiPolygon (holes allowed), with `name` and `seq` (1–999) or `code` (15 digits
 * starting with the community's code) in its properties.
 */
export function gridsFromGeoJson(communityCode: string, text: string): GridInput[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('validation', { zh: '文件不是有效的 JSON', en: 'The file is not valid JSON' });
  }
  const parsed = collection.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new AppError('validation', {
      zh: `GeoJSON 格式不符（${where}）：须为 FeatureCollection，每个 Feature 为 Polygon/MultiPolygon，属性含 name 和 seq 或 code`,
      en: `Not a FeatureCollection of named Polygon/MultiPolygon grids (${where})`,
    });
  }
  return parsed.data.features.map((f, i) => {
    const code = f.properties.code;
    let seq = Number(f.properties.seq);
    if (code !== undefined) {
      if (!/^\d{15}$/.test(code) || !code.startsWith(communityCode))
        throw new AppError('validation', {
          zh: `第 ${i + 1} 个网格的代码 ${code} 不属于社区 ${communityCode}`,
          en: `Grid ${i + 1}: code ${code} is not in community ${communityCode}`,
        });
      seq = Number(code.slice(12));
    }
    return { seq, name: f.properties.name, geometry: f.geometry as GeoJsonGeometry };
  });
}
