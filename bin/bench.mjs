#!/usr/bin/env node
// npm run bench [-- NAME]: runs the benchmarks in bench/ and rewrites docs/BENCHMARKS.md.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
