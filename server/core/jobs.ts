/**
 * Background work, started and stopped one way. A module lists its jobs in its manifest
 * (`jobs: [{ name, everyMs, run }]`); the server runs each every `everyMs` while it is up, never two
 * runs of one job at once, and waits for a running one when it stops. Work that must survive a
 * restart keeps its state in the database (timers, the outbox), so a job only has to look again.
 */
export type Job<C = unknown> = {
  /** `<module>.<job>`, as the log names it. */
  name: string;
  everyMs: number;
  run: (ctx: C) => Promise<unknown>;
};

export type Running = { stop(): Promise<void>; kick(): void };

/** Runs `fn` now and then every `everyMs` after each run ends, until stopped; `kick` runs it at once. */
export function every(everyMs: number, fn: () => Promise<unknown>, onError: (e: unknown) => void): Running {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    clearTimeout(timer);
    running = running
      .then(fn)
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    kick: () => {
      if (!stopped) tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Starts every job; the result stops them all (waiting for runs in progress). */
export function startJobs<C>(
  jobs: readonly Job<C>[],
  ctx: C,
  onError: (job: string, e: unknown) => void,
): { stop(): Promise<void> } {
  const running = jobs.map((j) =>
    every(
      j.everyMs,
      () => j.run(ctx),
      (e) => onError(j.name, e),
    ),
  );
  return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) };
}
