// The pieces of a kubectl-like describe page: "Key:\tvalue" lines at an
// indent level, multi-line labels and annotations, times, and the Events
// table. Lines carry tabs; the TabWriter aligns them at the end. Pure.
import { humanDuration } from '../api/human-duration.js';

export class DescribeText {
  private text = '';

  /** `Key:\tvalue` at `level` (two spaces per level); no value: a section heading. */
  line(level: number, key: string, value?: unknown): this {
    this.text += `${'  '.repeat(level)}${key}:${value === undefined ? '' : `\t${show(value)}`}\n`;
    return this;
  }

  /** A line as is (tabs included), at `level`. */
  raw(level: number, text: string): this {
    this.text += `${'  '.repeat(level)}${text}\n`;
    return this;
  }

  /** `Labels:\ta=b` then `\tc=d` on the lines below, aligned; `<none>` when empty. */
  list(level: number, key: string, items: string[]): this {
    if (items.length === 0) return this.line(level, key, '<none>');
    this.line(level, key, items[0]);
    for (const item of items.slice(1)) this.raw(level, `\t${item}`);
    return this;
  }

  labels(level: number, key: string, labels: Record<string, string> | undefined): this {
    return this.list(level, key, Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`));
  }

  annotations(level: number, annotations: Record<string, string> | undefined): this {
    const skip = 'kubectl.kubernetes.io/last-applied-configuration';
    return this.list(level, 'Annotations', Object.entries(annotations ?? {}).filter(([k]) => k !== skip).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}: ${v}`));
  }

  blank(): this {
    this.text += '\n';
    return this;
  }

  toString(): string {
    return this.text;
  }
}

export function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '<none>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** RFC 1123 with a numeric zone, as kubectl prints times: `Fri, 27 Nov 2026 17:51:09 +0000`. */
export function describeTime(iso: unknown): string {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return '<unset>';
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

/** `5s`, or `2m (x3 over 10m)` for a repeated event. */
export function eventAge(e: any, now: number): string {
  const last = Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
  const first = Date.parse(e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
  const lastAge = Number.isNaN(last) ? '<unknown>' : humanDuration(now - last);
  const count = e.series?.count ?? e.count ?? 1;
  if (count > 1 && !Number.isNaN(first)) return `${lastAge} (x${count} over ${humanDuration(now - first)})`;
  return lastAge;
}

/** The object's Events, oldest first, as kubectl describe ends every page. */
export function eventsSection(out: DescribeText, events: any[], now: number): void {
  if (events.length === 0) { out.line(0, 'Events', '<none>'); return; }
  const time = (e: any) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '') || 0;
  out.line(0, 'Events');
  out.raw(1, 'Type\tReason\tAge\tFrom\tMessage');
  out.raw(1, '----\t------\t----\t----\t-------');
  for (const e of [...events].sort((a, b) => time(a) - time(b))) {
    const component = e.source?.component || e.reportingComponent || '';
    const from = e.source?.host ? `${component}, ${e.source.host}` : component;
    out.raw(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${eventAge(e, now)}\t${from}\t${String(e.message ?? '').trim().replace(/\s*\n\s*/g, ' ')}`);
  }
}
