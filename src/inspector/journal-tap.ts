// What the inspector hears from the journal: every committed change with its
// cause, in commit batches, through the store's onCommit.
import type { CommittedChange } from '../store/journal-store.js';
import type { JournalEntry } from './story.js';

export interface CommitSource {
  onCommit(listener: (changes: CommittedChange[]) => void): () => void;
}

/** Calls `listener` with each commit batch's entries; returns a function that removes the tap. */
export function tapCommits(store: CommitSource, listener: (entries: JournalEntry[]) => void): () => void {
  return store.onCommit((changes) => {
    const at = Date.now();
    const batch = changes[changes.length - 1]!.rev;
    listener(changes.map((c) => {
      const e: JournalEntry = { rev: c.rev, key: c.key, kind: c.kind, type: c.type, at, batch };
      if (c.cause !== undefined) e.cause = c.cause;
      return e;
    }));
  });
}
