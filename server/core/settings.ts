import type { ColumnType } from 'kysely';
import { z as zod, type z } from 'zod';
import { authorize, type Action } from './authorize.js';
import { command } from './command.js';
import { placeOf } from './places.js';
import type { Executor } from './db.js';

/**
 * Per-street settings, one way for every module: a module declares a zod schema in its manifest
 * (`config`, every field with a default, so a street without a row works) and reads and writes its
 * settings here. Stored in `street_settings`, one row per street and module.
 */
export type StreetSettingsTable = {
  street_id: string;
  module: string;
  settings: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

declare module './tables.js' {
  interface Tables {
    street_settings: StreetSettingsTable;
  }
}

/** A module's settings for a street, validated; defaults where it has none (or a stored value no longer fits). */
export async function readSettings<S extends z.ZodType>(
  db: Executor,
  streetId: string,
  module: string,
  schema: S,
): Promise<z.output<S>> {
  const row = await db
    .selectFrom('street_settings')
    .select('settings')
    .where('street_id', '=', streetId)
    .where('module', '=', module)
    .executeTakeFirst();
  const parsed = schema.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : schema.parse({});
}

/** Replaces a module's settings for a street (validated), in the caller's transaction. */
export async function writeSettings<S extends z.ZodType>(
  trx: Executor,
  streetId: string,
  module: string,
  schema: S,
  value: z.input<S>,
): Promise<z.output<S>> {
  const settings = schema.parse(value);
  const json = JSON.stringify(settings);
  await trx
    .insertInto('street_settings')
    .values({ street_id: streetId, module, settings: json })
    .onConflict((oc) => oc.columns(['street_id', 'module']).doUpdateSet({ settings: json, updated_at: new Date() }))
    .execute();
  return settings;
}

/** Published when a street's settings of a module change: `{ module }` (modules whose state follows their rules refresh it). */
export const SETTINGS_CHANGED = 'core.settings_changed';
export type SettingsChanged = { module: string };

/** A module's settings as its manifest declares them: the schema and who may read and change them. */
export type ConfigSlot = { schema: z.ZodType; action: Action };

/**
 * Changes a module's settings for a street: the module's action asked about the street as a whole,
 * validated by its schema, audited with the values before and after, and announced (SETTINGS_CHANGED).
 */
export function saveModuleSettings(slotOf: (module: string) => ConfigSlot) {
  return command({
    input: zod.object({ module: zod.string(), streetId: zod.string(), settings: zod.unknown() }),
    async run({ trx, actor, input, audit, publish }) {
      const slot = slotOf(input.module);
      const street = await placeOf(trx, input.streetId);
      authorize(
        actor,
        slot.action,
        { regionPath: street.regionPath, streetId: input.streetId },
        { about: { type: 'settings', id: input.module, streetId: input.streetId } },
      );
      const parsed = slot.schema.safeParse(input.settings);
      if (!parsed.success) throw parsed.error;
      const before = await readSettings(trx, input.streetId, input.module, slot.schema);
      const saved = await writeSettings(trx, input.streetId, input.module, slot.schema, parsed.data);
      await audit({
        action: slot.action,
        objectType: 'settings',
        objectId: input.module,
        streetId: input.streetId,
        detail: { before, after: saved },
      });
      await publish({
        kind: SETTINGS_CHANGED,
        streetId: input.streetId,
        payload: { module: input.module } satisfies SettingsChanged,
      });
      return saved;
    },
  });
}
