import { z } from 'zod';

/** One notice in the inbox, digested per kind while unread. */
export const notice = z.object({
  id: z.number(),
  kind: z.string(),
  caseId: z.number().nullable(),
  /** The console path of what it is about (phone pages prefix `/m`). */
  link: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  count: z.number(),
  updatedAt: z.string(),
  read: z.boolean(),
});
export type Notice = z.infer<typeof notice>;

export const inboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });
export const inboxPage = z.object({ unread: z.number(), items: z.array(notice) });
export type InboxPage = z.infer<typeof inboxPage>;

export const markReadBody = z.object({ ids: z.array(z.number().int().positive()).max(500).optional() });
export const markReadResult = z.object({ marked: z.number() });
