import type { Command } from 'commander';
import type { BaseMap } from '../../contracts/regions.js';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Migration } from 'kysely';
import type { Actor, Rule } from './access.js';
import type { Action } from './authorize.js';
import type { AuthConfig } from './config.js';
import type { Db } from './db.js';
import type { EventHandler } from './events.js';
import type { Job } from './jobs.js';
import type { Keyring, SealedColumn } from './pii/index.js';
import type { Seed } from './seed.js';
import type { TablePlacement } from './placement.js';
import type { ConfigSlot } from './settings.js';
import type { Stat } from './stats.js';
import type { SmsSender } from './sms.js';
import type { UploadStore } from './uploads.js';

/** What the HTTP layer hands a module's routes. */
export type RouteContext = {
  db: Db;
  /** The PostgreSQL server's URL (undefined on PGlite), for work done in a worker thread. */
  databaseUrl: string | undefined;
  auth: AuthConfig;
  keyring: Keyring;
  sms: SmsSender;
  /** Private storage for uploaded files while they are processed. */
  uploads: UploadStore;
  log: FastifyBaseLogger;
  /** Every module's actions the actor may take somewhere. */
  abilities: (actor: Actor) => Action[];
  /** The shared secret of device alarms (`LINLI_DEVICE_SECRET`, at least 16 characters); unset: off. */
  deviceSecret: string | undefined;
  /** The base map the web draws under grids and points (LINLI_TIANDITU_KEY / LINLI_MAP_TILES). */
  baseMap: BaseMap;
};

/** What `linli` hands a module's commands (cli.ts owns the database and the keys). */
export type CliTools = {
  /** Opens and migrates the configured database, runs the task, and always closes it. */
  withDatabase<T>(task: (d: { db: Db; url?: string | undefined }) => Promise<T>): Promise<T>;
  /** The data directory's keys (sealed personal data). */
  keyring(): Keyring;
  say(line: string): void;
  /** A commander argument parser for a code of n digits, with a bilingual error. */
  digits(n: number): (value: string) => string;
  /** Delivers waiting domain events now (what the server does every second). */
  deliverEvents(db: Db): Promise<number>;
};

/** A module's `linli` commands. */
export type CliContribution = (program: Command, tools: CliTools) => void;

/**
 * A capability's manifest (after Decidim's component manifest): its name, its migrations
 * (timestamp-named so that all modules sort into one order), its routes and its actions.
 */
export type ModuleManifest = {
  name: string;
  migrations: Record<string, Migration>;
  routes?: (app: FastifyInstance, ctx: RouteContext) => void | Promise<void>;
  /** Resolves the signed-in actor of a request (the identity module provides it). */
  authenticate?: (request: FastifyRequest, ctx: RouteContext) => Promise<Actor | null>;
  /** Columns of sealed personal data the module owns: re-sealed by `linli keys rotate`. */
  sealedColumns?: readonly SealedColumn[];
  /** `<module>.<verb>` names of every action the module performs. */
  actions: readonly Action[];
  /** The permission rule of every action that needs one (pure, deny by default). */
  rules?: Readonly<Partial<Record<Action, Rule>>>;
  /** Actions any signed-in user (or anyone, for sign-in) may take on their own account. */
  selfActions?: readonly Action[];
  /**
   * Domain events the module reacts to (`<module>.<event>` → handler), delivered after the
   * publishing transaction commits (core/events.ts). The only way a module reacts to another.
   */
  subscribes?: Readonly<Record<string, EventHandler>>;
  /** Demo data for the demo street (core/seed.ts), kept in the module's `seed/` folder. */
  seed?: Seed;
  /** Figures the command centre reads, with their definitions (`GET /api/stats`). */
  stats?: readonly Stat[];
  /** Its `linli` commands (server/cli.ts learns them from the manifests). */
  cli?: CliContribution;
  /**
   * Per-street settings: a zod schema whose every field has a default, and the action that may read
   * and change them (core/settings.ts; `GET|PUT /api/settings/<module>`).
   */
  config?: ConfigSlot;
  /**
   * Where each of the module's tables lives on Citus (core/placement.ts): distributed by street_id,
   * a reference table, or local to the coordinator, with why. Checked on every database.
   */
  tables?: Readonly<Record<string, TablePlacement>>;
  /** Background work the server runs while it is up (e.g. the cases' deadline clock): core/jobs.ts. */
  jobs?: readonly Job<RouteContext>[];
};
