// Routed changes cross to a thread as the journal's own bytes (not decoded on main and
// encoded again for the wire): the items of a `store.changes` scatter are EncodedChanges,
// expanded here once per thread into the Changes its actors get. The journal's msgpackr
// structures travel beside them as a shared table.
import type { ScatterDecoder } from '../src/runtime/registry.js';
import { SharedStructuresDecoder } from '../src/store/codec.js';
import { ownString } from '../src/store/copy.js';
import type { Change } from './protocol.js';

/** The name of the shared table holding the journal's msgpackr structures. */
export const JOURNAL_STRUCTURES = 'journal.structures';

/** A change as it crosses: its object still in the journal's encoding. */
export interface EncodedChange { type: Change['type']; rev: number; encoded: Uint8Array }

// One decoder per table: each runtime in a process (tests start many) has its own journal.
const decoders = new WeakMap<readonly unknown[], SharedStructuresDecoder>();

export const decodeChanges: ScatterDecoder = (items, tables) => {
  const table = tables.get(JOURNAL_STRUCTURES) ?? NONE;
  let decoder = decoders.get(table);
  if (!decoder) decoders.set(table, (decoder = new SharedStructuresDecoder(() => table as unknown[][])));
  const out: Change[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const c = items[i] as EncodedChange;
    const object = decoder.decode(c.encoded);
    // msgpackr reads a record whose structure it lacks as a number: say so, not pass it on.
    if (typeof object !== 'object' || object === null || typeof object.metadata !== 'object')
      throw new Error(`routed change at revision ${c.rev} did not decode to an object (journal structures missing on this thread)`);
    // Caches and actors key objects by uid for as long as the object lives, by the uid of the
    // first version they saw: an own copy, or it would keep that version's decoded text alive.
    const uid = object.metadata.uid;
    if (typeof uid === 'string') object.metadata.uid = ownString(uid);
    out[i] = { type: c.type, rev: c.rev, object };
  }
  return out;
};

const NONE: readonly unknown[] = [];
