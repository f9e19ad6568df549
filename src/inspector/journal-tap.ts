// What the inspector hears from the journal: every committed change with its
// cause, in commit batches. The journal hands each commit to its router
// (`router.route(changes)`, once per commit batch, after the batch is on disk);
// this tap sees that same call. It is the one place that reaches into the
// store for this: a public `store.onCommit(listener)` in src/store would
// replace the body of `tapCommits` and nothing else.
import type { RoutableChange } from '../store/router.js';
import type { JournalEntry } from './story.js';

export interface CommitSource {
  router: { route(changes: RoutableChange[]): void };
}

/** Calls `listener` with each commit batch's entries; returns a function that removes the tap. */
export function tapCommits(store: CommitSource, listener: (entries: JournalEntry[]) => void): () => void {
  const router = store.router;
  const original = router.route;
  const tapped = function (this: unknown, changes: RoutableChange[]): void {
    try {
      if (changes.length) {
        const at = Date.now();
        const batch = changes[changes.length - 1]!.rev;
        const entries: JournalEntry[] = changes.map((c) => {
          const e: JournalEntry = { rev: c.rev, key: c.key, kind: c.kind, type: c.type, at, batch };
          if (c.cause !== undefined) e.cause = c.cause;
          return e;
        });
        listener(entries);
      }
    } catch { /* the inspector never breaks a commit */ }
    original.call(router, changes);
  };
  router.route = tapped;
  return () => {
    if (router.route === tapped) router.route = original;
  };
}
