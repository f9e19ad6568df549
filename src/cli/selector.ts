// A LabelSelector object as the query-string form (`app=web,tier in (a,b)`),
// for listing what a Deployment or ReplicaSet selects and for describe.
export function labelSelectorString(sel: any): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries<string>(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const values = [...(e?.values ?? [])].sort().join(',');
    if (e?.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e?.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e?.operator === 'Exists') parts.push(e.key);
    else if (e?.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
