// When a private-mode token stops working (argos.md §14.3): 3 minutes after its first use, or by the
// project's expiration rule — after N submissions (`count:N`) or H hours after it was registered (`time:H`).

export const FIRST_USE_LIFETIME_MS = 3 * 60 * 1000;

export type TokenExpirationRule =
  | { kind: 'none' }
  | { kind: 'count'; submissions: number }
  | { kind: 'time'; hours: number };

export interface TokenUsage {
  readonly updateTime: Date;
  readonly firstUsedAt: Date | null;
  readonly useCount: number;
  /** When the count rule was met (recorded then, since it cannot be derived later). */
  readonly expiredAt: Date | null;
}

export interface TokenExpiry {
  readonly expired: boolean;
  /** When it expired, or for the time rule when it will. */
  readonly at?: Date;
  readonly reason?: 'firstUse' | 'count' | 'time';
}

export function parseExpirationRule(text: string): TokenExpirationRule {
  const match = /^(count|time):([1-9]\d*)$/.exec(text);
  if (!match) return { kind: 'none' };
  const amount = Number(match[2]);
  return match[1] === 'count' ? { kind: 'count', submissions: amount } : { kind: 'time', hours: amount };
}

export function tokenExpiry(usage: TokenUsage, rule: TokenExpirationRule, now: Date): TokenExpiry {
  const candidates: { at: Date; reason: 'firstUse' | 'count' | 'time' }[] = [];
  if (usage.firstUsedAt) {
    candidates.push({
      at: new Date(usage.firstUsedAt.getTime() + FIRST_USE_LIFETIME_MS),
      reason: 'firstUse',
    });
  }
  if (rule.kind === 'count' && usage.useCount >= rule.submissions) {
    candidates.push({ at: usage.expiredAt ?? now, reason: 'count' });
  }
  if (rule.kind === 'time') {
    candidates.push({ at: new Date(usage.updateTime.getTime() + rule.hours * 3_600_000), reason: 'time' });
  }
  const past = candidates.filter((candidate) => candidate.at.getTime() <= now.getTime());
  if (past.length > 0) {
    const first = past.reduce((a, b) => (a.at <= b.at ? a : b));
    return { expired: true, at: first.at, reason: first.reason };
  }
  const scheduled = candidates.find((candidate) => candidate.reason === 'time');
  return scheduled ? { expired: false, at: scheduled.at, reason: 'time' } : { expired: false };
}
