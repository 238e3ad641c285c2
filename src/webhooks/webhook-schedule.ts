/** What to do after a failed attempt: try again at `at`, or give up. */
export type RetryVerdict = { kind: 'retry'; at: Date } | { kind: 'give_up' };

export interface RetrySettings {
  /** Delays between attempts (ms); the last repeats. */
  delaysMs: number[];
  /** Give up once this long has passed since the event (ms). */
  retryForMs: number;
}

/** Delays vary by ±20 %, so many messages that failed together are not retried together. */
const JITTER = 0.2;

/**
 * When the next attempt of a message that has failed `attempts` times runs: the schedule's
 * delay for that attempt (the last one repeating), with jitter, unless that falls past the
 * retry period from the event's creation, which ends the retries.
 */
export function nextAttempt(attempts: number, createdAt: Date, now: Date, settings: RetrySettings, random = Math.random): RetryVerdict {
  const base = settings.delaysMs[Math.min(attempts, settings.delaysMs.length) - 1] ?? settings.delaysMs[settings.delaysMs.length - 1];
  const delay = base * (1 - JITTER + 2 * JITTER * random());
  const at = new Date(now.getTime() + delay);
  if (at.getTime() - createdAt.getTime() > settings.retryForMs) return { kind: 'give_up' };
  return { kind: 'retry', at };
}
