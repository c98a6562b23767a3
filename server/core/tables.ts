/**
 * The database schema as Kysely sees it. It starts empty: each module augments it from its own
 * `tables.ts` (`declare module '../../core/tables.js'`), so core never imports a module and every
 * query in the code base is typed against every table.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Tables {}
