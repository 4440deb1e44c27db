// A task run now and then every `intervalMs` in this process, never twice at once; errors are reported, never
// thrown. Tasks keep their state in the database and claim their rows (SKIP LOCKED or leases), so several
// processes may run the same task.

export interface PeriodicTask {
  /** Runs the task now (waiting for a run in progress first); for tests and shutdown. */
  runNow(): Promise<void>;
  stop(): void;
}

export function startPeriodicTask(
  task: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): PeriodicTask {
  let running: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    running ??= task()
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return {
    async runNow() {
      if (running) await running;
      await tick();
    },
    stop: () => clearInterval(timer),
  };
}
