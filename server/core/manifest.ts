import type { ModuleManifest } from './module.js';
import * as audit from './migrations/20261122-0050-audit.js';
import * as auditChain from './migrations/20261202-0300-audit-chain.js';
import * as analyze from './migrations/20261202-0310-analyze-function.js';
import * as events from './migrations/20261202-0400-events.js';
import * as settings from './migrations/20261202-0600-street-settings.js';
import * as analyzeSeeded from './migrations/20261203-0100-analyze-seeded.js';

/** What core itself owns in the database: the audit log, the outbox of domain events, street settings. */
export const coreManifest: ModuleManifest = {
  name: 'core',
  migrations: {
    '20261122-0050-core-audit': audit,
    '20261202-0300-core-audit-chain': auditChain,
    '20261202-0310-core-analyze-function': analyze,
    '20261202-0400-core-events': events,
    '20261202-0600-core-street-settings': settings,
    '20261203-0100-core-analyze-seeded': analyzeSeeded,
  },
  tables: {
    audit_log: {
      kind: 'local',
      why: 'one hash chain over every entry of the platform (each row seals the previous one): it needs a single order, which only one node can give; written in the request’s transaction on the coordinator',
    },
    domain_events: {
      kind: 'local',
      why: 'the outbox, delivered in id order by one dispatcher on the coordinator; written in the publishing transaction',
    },
    event_deliveries: { kind: 'local', why: 'which subscriber has handled which event: the outbox’s bookkeeping' },
    street_settings: { kind: 'distributed' },
    schema_migrations: { kind: 'local', why: 'the migrator’s own record of what has run (Kysely)' },
    schema_migrations_lock: { kind: 'local', why: 'the migrator’s lock (Kysely)' },
  },
  actions: [],
};
