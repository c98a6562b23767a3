import type { WebModule } from '../../lib/module.js';

/** The inbox (module `inbox`): its bell sits in the shell's header (NoticeBell); no pages of its own yet. */
export const webModule: WebModule = { name: 'inbox' };
