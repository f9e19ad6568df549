// OTP-like restart decisions, pure: the host asks, this answers.
import type { RestartPolicy } from './envelope.js';

export type ExitReason = 'error' | 'done';

/** permanent: always restarted; transient: only after an error; temporary: never. */
export function shouldRestart(policy: RestartPolicy, reason: ExitReason): boolean {
  if (policy === 'temporary') return false;
  if (policy === 'transient') return reason === 'error';
  return true;
}

/**
 * Restart intensity: at most `maxRestarts` within `withinMs`. Returns the
 * restart times to keep, or null when this restart would exceed the limit
 * (the actor must escalate instead).
 */
export function admitRestart(history: readonly number[], now: number, maxRestarts: number, withinMs: number): number[] | null {
  const recent = history.filter((t) => now - t < withinMs);
  if (recent.length >= maxRestarts) return null;
  recent.push(now);
  return recent;
}
