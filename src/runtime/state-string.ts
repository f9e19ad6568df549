// One string per statechart state, so states can be counted and compared:
// "Running.Ready"; parallel regions joined by ", " in key order.
export function stateString(snapshot: { status?: string; value?: unknown }): string {
  if (snapshot.status && snapshot.status !== 'active') return snapshot.status;
  const v = snapshot.value;
  if (v === undefined) return snapshot.status ?? 'active';
  return valueString(v);
}

function valueString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    if (keys.length === 1) {
      const inner = (v as Record<string, unknown>)[keys[0]!];
      const rest = valueString(inner);
      return rest ? `${keys[0]}.${rest}` : keys[0]!;
    }
    return keys.map((k) => {
      const rest = valueString((v as Record<string, unknown>)[k]);
      return rest ? `${k}.${rest}` : k;
    }).join(', ');
  }
  return '';
}
