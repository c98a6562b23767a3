import type { CliContribution } from '../../core/module.js';
import { checkLedger } from './ledger.js';

/** `linli points check`: the ledger's invariants, non-zero exit when one fails. */
export const volunteeringCli: CliContribution = (program, tools) => {
  const points = program.command('points').description('积分账本 / the points ledger');
  points
    .command('check')
    .description('核对积分账本 / prove every transaction balances and every balance is the sum of its entries')
    .action(async () => {
      const r = await tools.withDatabase((database) => checkLedger(database.db));
      tools.say(`交易 / transactions: ${r.transactions}`);
      tools.say(`借贷不平的交易 / unbalanced transactions: ${r.unbalanced.length}`);
      tools.say(`余额与分录不符的账户 / accounts whose balance differs from their entries: ${r.drift.length}`);
      tools.say(`余额为负的账户 / holder or store accounts below zero: ${r.negative.length}`);
      for (const x of [...r.unbalanced, ...r.drift, ...r.negative]) tools.say(`  ${JSON.stringify(x)}`);
      tools.say(r.ok ? '积分账本平衡 / the ledger balances' : '积分账本有误 / the ledger does NOT balance');
      if (!r.ok) process.exitCode = 1;
    });
};
