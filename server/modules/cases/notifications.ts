import type { Executor } from '../../core/db.js';
import { notify as inboxNotify } from '../inbox/index.js';

export { unitUsers, usersCovering } from '../inbox/index.js';

/** What a case notice is about; each kind gathers into one unread row per person (digest). */
export type NoticeKind =
  | 'reported'
  | 'dispatched'
  | 'warning'
  | 'overdue'
  | 'returned'
  | 'to_verify'
  | 'progress'
  | 'please_rate'
  | 'approval'
  | 'supervised';

export type Notice = { kind: NoticeKind; streetId: string; caseId: number; title: string; body: string };

/** Kinds about one case for its reporter: one unread row per case; staff kinds: one per kind. */
const PER_CASE: readonly NoticeKind[] = ['progress', 'please_rate'];

export const digestKeyOf = (n: Notice) => (PER_CASE.includes(n.kind) ? `${n.kind}:${n.caseId}` : n.kind);

/** Puts a case notice in each person's inbox (module `inbox`), in the caller's transaction. */
export function notify(db: Executor, userIds: readonly number[], notice: Notice): Promise<void> {
  return inboxNotify(db, userIds, { ...notice, digestKey: digestKeyOf(notice), link: `/cases/${notice.caseId}` });
}
