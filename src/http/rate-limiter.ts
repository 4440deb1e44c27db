import type { Logger } from '../log/logger.js';
import type { Database } from '../store/database.js';
import { addUsage, selectUsage } from '../store/usage-store.js';

// Request limits per project (argos.md §1.3): N per second and M per UTC day, all methods together. The
// second window is kept in memory; the day count is kept in the database (flushed every few seconds), so it
// survives restarts and adds up across several servers sharing one PostgreSQL (each reads the others' counts
// at its next flush; a limit may be overshot by what the others served in the meantime).

interface ProjectCounter {
  second: number;
  inSecond: number;
  day: string;
  dayTotal: number;
  unflushed: number;
  loaded: Promise<void> | undefined;
}

export type RateDecision = 'ok' | 'perSecond' | 'perDay';

const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

export function createRateLimiter(
  db: Database,
  limits: { perSecond: number; perDay: number },
  logger: Logger,
  flushIntervalMs = 5_000,
) {
  const counters = new Map<string, ProjectCounter>();

  async function flush(): Promise<void> {
    for (const [projectId, counter] of counters) {
      if (counter.unflushed === 0) continue;
      const amount = counter.unflushed;
      counter.unflushed = 0;
      try {
        await addUsage(db, projectId, counter.day, amount);
        counter.dayTotal = Math.max(counter.dayTotal, await selectUsage(db, projectId, counter.day));
      } catch (error) {
        counter.unflushed += amount;
        logger.warn({ err: error }, 'usage counts not saved yet');
      }
    }
  }
  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    /** Counts one request and says whether it is within the limits. */
    async take(projectId: string, now = Date.now()): Promise<RateDecision> {
      const day = utcDay(now);
      let counter = counters.get(projectId);
      if (!counter || counter.day !== day) {
        if (counter && counter.unflushed > 0) await addUsage(db, projectId, counter.day, counter.unflushed);
        const fresh: ProjectCounter = {
          second: 0,
          inSecond: 0,
          day,
          dayTotal: 0,
          unflushed: 0,
          loaded: undefined,
        };
        fresh.loaded = selectUsage(db, projectId, day).then((total) => {
          fresh.dayTotal += total;
        });
        counters.set(projectId, fresh);
        counter = fresh;
      }
      await counter.loaded;
      const second = Math.floor(now / 1000);
      if (counter.second !== second) {
        counter.second = second;
        counter.inSecond = 0;
      }
      if (counter.dayTotal >= limits.perDay) return 'perDay';
      if (counter.inSecond >= limits.perSecond) return 'perSecond';
      counter.inSecond += 1;
      counter.dayTotal += 1;
      counter.unflushed += 1;
      return 'ok';
    },

    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
