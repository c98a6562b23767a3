import type { ModuleManifest } from '../../core/module.js';
import * as streetKey from './migrations/20261202-0500-inbox-street-key.js';
import { logPushChannel, pushPending } from './notify.js';
import { inboxRoutes } from './routes.js';

export {
  notify,
  unitUsers,
  usersCovering,
  logPushChannel,
  pushPending,
  type Notice,
  type PushChannel,
} from './notify.js';
export type { NotificationsTable } from './tables.js';

/**
 * The inbox (module `inbox`): every module's notices to people, digested while unread, pushed once
 * to the outside channels (SMS, WeChat: adapters a deployment replaces; these write to the log).
 * Its table was created by the cases' first migration, before the inbox was a module of its own.
 */
export const inboxModule: ModuleManifest = {
  name: 'inbox',
  migrations: { '20261202-0500-inbox-street-key': streetKey },
  routes: inboxRoutes,
  tables: { notifications: { kind: 'distributed' } },
  actions: [],
  jobs: [
    {
      name: 'inbox.push',
      everyMs: 1000,
      run: (ctx) => pushPending(ctx.db, [logPushChannel(ctx.log, 'sms'), logPushChannel(ctx.log, 'wechat')]),
    },
  ],
};
