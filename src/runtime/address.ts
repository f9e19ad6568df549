// An address names an actor anywhere in one runtime: `<thread>/<id>`.
// Thread 0 is the thread that created the runtime; workers are 1..N. Ids may
// contain '/', so only the first one separates.
import { InvalidAddressError } from './errors.js';

export type Address = `${number}/${string}`;

export function formatAddress(thread: number, id: string): Address {
  return `${thread}/${id}` as Address;
}

export function parseAddress(address: string): { thread: number; id: string } {
  const slash = typeof address === 'string' ? address.indexOf('/') : -1;
  if (slash <= 0 || slash === address.length - 1) throw new InvalidAddressError(String(address));
  const thread = Number(address.slice(0, slash));
  if (!Number.isInteger(thread) || thread < 0) throw new InvalidAddressError(address);
  return { thread, id: address.slice(slash + 1) };
}

/** FNV-1a over UTF-16 code units: stable across threads, runtimes and restarts. */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Where an actor with this id lives when no worker is named. */
export function placeById(id: string, workers: number): number {
  return workers === 0 ? 0 : 1 + (hashId(id) % workers);
}
