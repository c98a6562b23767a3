import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Db } from './db.js';

/** What the HTTP layer hands a module's routes. */
export type RouteContext = { db: Db };

/**
 * A capability's manifest (after Decidim's component manifest): its name, its migrations
 * (timestamp-named so that all modules sort into one order), its routes and its actions.
 */
export type ModuleManifest = {
  name: string;
  migrations: Record<string, Migration>;
  routes?: (app: FastifyInstance, ctx: RouteContext) => void | Promise<void>;
  /** `<module>.<verb>` names of every action the module performs. */
  actions: readonly string[];
};
