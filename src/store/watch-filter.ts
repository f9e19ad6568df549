// How a change looks through a filtered watch: an object that starts matching arrives as
// ADDED, one that stops matching as DELETED. Pure apart from lazy decoding in Change.
import type { Change } from './change.js';
import type { FieldMatcher, LabelMatcher } from './selectors.js';
import type { WatchEventType } from './types.js';

export interface WatchFilter {
  namespace?: string;
  label?: LabelMatcher;
  field?: FieldMatcher;
}

function matchesNow(f: WatchFilter, c: Change): boolean {
  if (c.type === 'DELETED') return false;
  if (f.label && !f.label(c.labels as Record<string, string> | undefined)) return false;
  return !f.field || f.field(c.object);
}

function matchedBefore(f: WatchFilter, c: Change): boolean {
  if (!c.prevEncoded) return false;
  if (f.label && !f.label(c.prevLabels as Record<string, string> | undefined)) return false;
  return !f.field || f.field(c.prevObject);
}

/** The event type this change is for a watcher with filter `f`, or undefined if it sees nothing. */
export function eventFor(f: WatchFilter, c: Change): Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'> | undefined {
  if (f.namespace !== undefined && f.namespace !== c.namespace) return undefined;
  if (!f.label && !f.field) return c.type;
  const now = matchesNow(f, c);
  const before = matchedBefore(f, c);
  if (now) return before ? 'MODIFIED' : 'ADDED';
  return before ? 'DELETED' : undefined;
}
