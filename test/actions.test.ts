import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionsSource } from '../scripts/gen-actions.js';

describe('the typed action names', () => {
  it('contracts/actions.ts is what the manifests say (else run `npm run gen`)', () => {
    const file = fs.readFileSync(new URL('../contracts/actions.ts', import.meta.url), 'utf8');
    expect(file).toBe(actionsSource());
  });
});
