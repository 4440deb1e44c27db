/**
 * The time the Liveform's rules are judged at (token first use and its 3-minute life, session and hand-off
 * lifetimes). Injected, so that a test moves time instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
