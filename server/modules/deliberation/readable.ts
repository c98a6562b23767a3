import type { Actor } from '../../core/access.js';
import { allowed } from '../../core/authorize.js';
import type { Executor } from '../../core/db.js';
import { AppError } from '../../core/errors.js';
import { communityOf } from './commands/meetings.js';
import { belongsTo } from './commands/topics.js';

/** The community's staff, or one of its people (residents read their community's meetings and topics). */
export async function readableCommunity(db: Executor, actor: Actor, code: string) {
  const c = await communityOf(db, code);
  if (!allowed(actor, 'deliberation.read', c) && !belongsTo(actor, c))
    throw new AppError('forbidden', { zh: '只能查看本社区的议事与公开', en: 'Your own community only' });
  return c;
}
