// A server-side meta.k8s.io/v1 Table printed as kubectl prints it: upper-case
// headers, wide (priority > 0) columns only with -o wide, a NAMESPACE column
// first with -A, `kind/name` names when several types are listed together.
// Returns tab-separated lines for the TabWriter; no I/O.

export interface TableColumn { name: string; type?: string; format?: string; priority?: number }
export interface TableRow { cells: unknown[]; object?: { metadata?: { name?: string; namespace?: string } } }
export interface Table { columnDefinitions: TableColumn[]; rows: TableRow[] }

export interface TableOptions {
  wide?: boolean;
  /** Adds NAMESPACE, read from each row's object metadata (kubectl's -A). */
  withNamespace?: boolean;
  /** `deployment.apps`: the name column then reads `deployment.apps/NAME`. */
  kindPrefix?: string;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v.replace(/[\r\n\t]+/g, ' ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const shown = (c: TableColumn, wide: boolean): boolean => wide || !c.priority;

export function headerLine(table: Table, options: TableOptions = {}): string {
  const names = table.columnDefinitions.filter((c) => shown(c, !!options.wide)).map((c) => c.name.toUpperCase());
  if (options.withNamespace) names.unshift('NAMESPACE');
  return names.join('\t') + '\n';
}

export function rowLines(table: Table, options: TableOptions = {}): string {
  let out = '';
  for (const row of table.rows) {
    const cells: string[] = [];
    if (options.withNamespace) cells.push(row.object?.metadata?.namespace ?? '');
    table.columnDefinitions.forEach((c, i) => {
      if (!shown(c, !!options.wide)) return;
      const text = cellText(row.cells[i]);
      cells.push(options.kindPrefix && c.format === 'name' ? `${options.kindPrefix}/${text}` : text);
    });
    out += cells.join('\t') + '\n';
  }
  return out;
}

/** Header and rows, for the TabWriter. */
export function tableText(table: Table, options: TableOptions = {}): string {
  return headerLine(table, options) + rowLines(table, options);
}
