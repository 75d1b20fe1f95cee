import type { HistoryEvent } from './model';

/** Default number of events kept per session. */
export const DEFAULT_HISTORY_LIMIT = 50;

/** Appends `events` and drops the oldest so that at most `limit` remain. */
export function appendBounded(
  history: readonly HistoryEvent[],
  events: readonly HistoryEvent[],
  limit: number,
): HistoryEvent[] {
  const max = Math.max(0, Math.floor(limit));
  const all = [...history, ...events];
  return all.length > max ? all.slice(all.length - max) : all;
}
