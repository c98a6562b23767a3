import { readFileSync } from 'node:fs';
import { ballotFile } from '../../../contracts/votes.js';
import { AppError } from '../../core/errors.js';
import type { CliContribution } from '../../core/module.js';
import { tally } from './tally.js';

/**
 * `linli votes tally FILE.json`: recounts a published ballot file (README "Recounting a vote") with the server's own
 * code and prints the result as JSON; a file that is not valid says where, and exits 1.
 */
export const votesCli: CliContribution = (program, tools) => {
  const votes = program.command('votes').description('业主共同决定 / owners’ votes');
  votes
    .command('tally')
    .argument('<file>', '公开的表决票文件 / the published ballot file (JSON)')
    .description('按民法典第278条重新计票 / recount a ballot file under Civil Code art. 278')
    .action((file: string) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        tools.say(`无法读取表决票文件 / cannot read the ballot file: ${(e as Error).message}`);
        process.exitCode = 2;
        return;
      }
      const parsed = ballotFile.safeParse(raw);
      if (!parsed.success) {
        for (const i of parsed.error.issues)
          tools.say(`表决票文件有误 / not a valid ballot file: ${i.path.join('.') || '(file)'}: ${i.message}`);
        process.exitCode = 2;
        return;
      }
      try {
        tools.say(JSON.stringify(tally(parsed.data), null, 2));
      } catch (e) {
        const text = e instanceof AppError ? `${e.text.zh} / ${e.text.en}` : (e as Error).message;
        tools.say(`表决票文件有误 / not a valid ballot file: ${text}`);
        process.exitCode = 2;
      }
    });
};
