import { sql } from 'kysely';
import type { Db } from '../db.js';
import { decrypt, encrypt, lookupHash, sealedKeyId } from './cipher.js';
import type { Keyring } from './keyring.js';

/** A column of sealed values a module owns, with the column of its lookup hash if it has one. */
export type SealedColumn = { table: string; id: string; cipher: string; hash?: string };

/**
 * Re-seals every value under the keyring's current key and recomputes lookup hashes (after
 * `linli keys rotate` added a key). One transaction: either every value moves to the new key, or
 * none does, so the old key can be dropped only once this returned.
 */
export async function resealAll(db: Db, keyring: Keyring, columns: readonly SealedColumn[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let n = 0;
    for (const c of columns) {
      // no writer may change a value while it moves (a table lock: Citus locks no rows across shards)
      await sql`LOCK TABLE ${sql.table(c.table)} IN EXCLUSIVE MODE`.execute(trx);
      const rows = await sql<{ id: string | number; sealed: string }>`
        SELECT ${sql.ref(c.id)} AS id, ${sql.ref(c.cipher)} AS sealed FROM ${sql.table(c.table)}
        WHERE ${sql.ref(c.cipher)} IS NOT NULL`.execute(trx);
      for (const row of rows.rows) {
        if (sealedKeyId(row.sealed) === keyring.currentId && !c.hash) continue;
        const plain = decrypt(keyring, row.sealed);
        const set = c.hash
          ? sql`${sql.ref(c.cipher)} = ${encrypt(keyring, plain)}, ${sql.ref(c.hash)} = ${lookupHash(keyring, plain)}`
          : sql`${sql.ref(c.cipher)} = ${encrypt(keyring, plain)}`;
        await sql`UPDATE ${sql.table(c.table)} SET ${set} WHERE ${sql.ref(c.id)} = ${row.id}`.execute(trx);
        n++;
      }
    }
    return n;
  });
}
