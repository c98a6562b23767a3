import type { z } from 'zod';
import type { Actor } from './access.js';
import { auditContextOf, writeAudit, type AuditContext, type AuditEntry } from './audit.js';
import type { Action } from './authorize.js';
import type { Executor, Trx } from './db.js';
import { AppError } from './errors.js';
import { publish } from './events.js';
import type { Text } from './i18n.js';

/**
 * One command shape for every module (docs/ARCHITECTURE.md, "Commands"). A command takes an
 * executor (the database, or a transaction it then joins), the caller and its input, and:
 * validates the input with its contract schema (a ZodError is the boundary's 400, whoever calls),
 * runs in one transaction (its own when given none), authorizes inside it, acts, and writes its
 * audit entry and its domain events in that same transaction. A unique violation becomes a 409
 * with the command's own words (`conflicts`), in this one place.
 */

/** Who acts, and from where (for the audit log). Routes get it from `callerOf(request)`. */
export type Caller = { actor: Actor | null; audit: AuditContext };

/** The caller of an HTTP request: its signed-in actor and the audit context tied to the request. */
export function callerOf(request: Parameters<typeof auditContextOf>[0] & { actor: Actor | null }): Caller {
  return { actor: request.actor, audit: auditContextOf(request) };
}

/** The caller of work started from the server's shell (`linli …`): no actor, named in the audit log. */
export function systemCaller(name = 'linli'): Caller {
  return { actor: null, audit: { actorName: name } };
}

/** What a command's body gets: its transaction, caller, parsed input, and the two records it writes. */
export type CommandScope<I> = {
  trx: Trx;
  caller: Caller;
  actor: Actor | null;
  input: I;
  /** Writes the command's audit entry (action and result default to the command's and `ok`). */
  audit(entry: Omit<AuditEntry, 'action' | 'result'> & Partial<Pick<AuditEntry, 'action' | 'result'>>): Promise<void>;
  /** Publishes a domain event, delivered after this transaction commits. */
  publish(event: { kind: string; streetId?: string | null; payload: object }): Promise<void>;
};

export type Command<S extends z.ZodType, R> = ((exec: Executor, caller: Caller, input: z.input<S>) => Promise<R>) & {
  readonly action: Action | undefined;
  readonly input: S;
};

export function command<S extends z.ZodType, R>(def: {
  /** The action it performs: what its audit entry is named (else each `audit` call names it). */
  action?: Action;
  input: S;
  /** Words for a unique violation, by constraint name (a 409 instead of a generic conflict). */
  conflicts?: Readonly<Record<string, Text>>;
  run: (scope: CommandScope<z.output<S>>) => Promise<R>;
}): Command<S, R> {
  const fn = async (exec: Executor, caller: Caller, raw: z.input<S>): Promise<R> => {
    const input = def.input.parse(raw);
    const body = (trx: Trx) =>
      def.run({
        trx,
        caller,
        actor: caller.actor,
        input,
        audit: (entry) => {
          const action = entry.action ?? def.action;
          if (!action) throw new Error('an audit entry needs an action');
          return writeAudit(trx, caller.audit, { result: 'ok', ...entry, action });
        },
        publish: (event) => publish(trx, event),
      });
    try {
      return exec.isTransaction ? await body(exec as Trx) : await exec.transaction().execute(body);
    } catch (err) {
      throw conflictOf(err, def.conflicts) ?? err;
    }
  };
  return Object.assign(fn, { action: def.action, input: def.input });
}

/** A unique violation named in `conflicts` as a 409 in the command's words; else undefined. */
function conflictOf(err: unknown, conflicts: Readonly<Record<string, Text>> | undefined): AppError | undefined {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code !== '23505' || !conflicts) return undefined;
  // on Citus the error comes from a worker: the name only in the message, and the shard's (the
  // table's constraint name with the shard's number after it)
  const said = typeof e.message === 'string' ? /unique constraint "([^"]+)"/.exec(e.message)?.[1] : undefined;
  const name = typeof e.constraint === 'string' ? e.constraint : (said ?? '');
  const text = conflicts[name] ?? conflicts[name.replace(/_\d+$/, '')];
  return text ? new AppError('conflict', text) : undefined;
}
