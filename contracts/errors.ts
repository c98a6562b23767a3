import { z } from 'zod';

/** The closed set of error codes every API answers with. */
export const errorCodes = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** One error shape everywhere: `{"error":{"code","message","issues"}}`. */
export const errorBody = z
  .object({
    // loose: some errors carry details (e.g. `locked`, `retryAfterMinutes`, a 409's current state)
    error: z.looseObject({
      /** Machine-readable code from the closed set. */
      code: z.enum(errorCodes),
      /** What was wrong, in the caller's language (Accept-Language; Chinese by default). */
      message: z.string(),
      /** For validation errors: each bad field with its path (`query.q`, `params.code`). */
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBody>;
