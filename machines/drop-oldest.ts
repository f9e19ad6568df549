// Trimming a Map kept in insertion order (oldest first) down to a size. With one iterator, not
// keys().next() per entry dropped: a Map keeps the slots of deleted entries until it is
// rehashed, and every fresh iterator walks past all of them again: a scan of the table per
// entry dropped, where one iterator walks past them once.

/** Deletes the oldest entries until `map` holds `keep`; `stop` (optional) keeps an entry and all after it. */
export function dropOldest<K, V>(map: Map<K, V>, keep: number, stop?: (value: V) => boolean): void {
  if (map.size <= keep) return;
  for (const [key, value] of map) {
    if (map.size <= keep || stop?.(value)) return;
    map.delete(key);
  }
}
