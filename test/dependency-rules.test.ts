import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const rules = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration;

async function violations(baseDir: string, roots: string[]) {
  const tsConfig = extractTSConfig(path.join(baseDir, 'tsconfig.json'));
  const result = await cruise(
    roots,
    { ...rules.options, baseDir, ruleSet: { forbidden: rules.forbidden ?? [] }, validate: true },
    undefined,
    { tsConfig },
  );
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('module boundaries', () => {
  it('holds for the whole code base', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    expect(await violations(root, ['server', 'web/src', 'contracts', 'bench', 'e2e', 'test'])).toEqual([]);
  }, 60_000);

  it('catches each kind of violation in a fixture that breaks every rule', async () => {
    const fixture = path.resolve(import.meta.dirname, 'fixtures/bad-deps');
    const found = await violations(fixture, ['server', 'web', 'contracts']);
    const names = new Set(found.map((f) => f.split(':')[0]));
    expect(names).toEqual(
      new Set(['no-circular', 'modules-through-index', 'core-below-modules', 'web-not-server', 'contracts-standalone']),
    );
  }, 60_000);
});
