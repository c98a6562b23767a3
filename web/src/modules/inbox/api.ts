import { inboxPage, markReadResult } from '../../../../contracts/inbox.js';
import { http } from '../../lib/http.js';

/** My notices (module `inbox`). */
export const inboxApi = {
  notifications: () => http.get(inboxPage, '/api/notifications'),
  markRead: (ids?: number[]) => http.post(markReadResult, '/api/notifications/read', ids ? { ids } : {}),
};
