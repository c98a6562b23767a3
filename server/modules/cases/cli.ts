import crypto from 'node:crypto';
import type { CliContribution } from '../../core/module.js';
import { seedStreetCases } from './commands/seed-street.js';
import { createApiKey } from './open311.js';

/** `linli cases seed`, `linli open311 key`. */
export const casesCli: CliContribution = (program, { withDatabase, say, digits }) => {
  const cases = program.command('cases').description('案件 / cases');
  cases
    .command('seed')
    .description('为街道载入标准问题分类和国务院节假日安排 / standard categories and the official holiday calendar')
    .requiredOption('--street <code>', 'the street (9 digits)', digits(9))
    .action(async (opts: { street: string }) => {
      await withDatabase(async ({ db }) => {
        const r = await seedStreetCases(db, opts.street);
        say(`已载入 / seeded: ${r.categories} categories, ${r.days} calendar days`);
      });
    });

  program
    .command('open311')
    .description('Open311 接口 / Open311')
    .command('key')
    .description('为街道生成一个 Open311 API key（只显示一次）/ print a new Open311 API key for a street (shown once)')
    .requiredOption('--street <code>', 'the street (9 digits)', digits(9))
    .requiredOption('--name <name>', 'who the key is for')
    .action(async (opts: { street: string; name: string }) => {
      const key = crypto.randomBytes(24).toString('base64url');
      await withDatabase(async ({ db }) => {
        await createApiKey(db, opts.street, opts.name, key);
        say(key);
      });
    });
};
