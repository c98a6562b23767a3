import type { FastifyInstance } from 'fastify';
import type { Database } from '../server/core/db.js';
import { createHttpServer } from '../server/core/http.js';
import { modules } from '../server/modules/index.js';

/** The full HTTP stack over a test database, for `app.inject` requests. */
export function testApp(database: Database): Promise<FastifyInstance> {
  return createHttpServer({ database, modules, logLevel: 'silent' });
}
