// A one-line progress bar on stderr when it is a terminal; silent otherwise
// (pipes, CI, tests), so JSON on stdout stays clean either way.

/** "label [#####.....] done/total  1.2 s" — `width` cells of bar. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, width = 30): string {
  const f = total > 0 ? Math.max(0, Math.min(1, done / total)) : 0;
  const filled = Math.round(f * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${(elapsedMs / 1000).toFixed(1)} s`;
}

interface Tty { isTTY?: boolean; write(s: string): boolean; columns?: number }

export class Progress {
  private readonly on: boolean;
  private last = 0;
  private shown = false;
  private readonly t0 = performance.now();

  constructor(private label: string, private total: number, private readonly out: Tty = process.stderr) {
    this.on = !!out.isTTY;
  }

  /** Redraws at most every 100 ms (and always when done reaches total). */
  update(done: number, total = this.total, label = this.label): void {
    this.total = total; this.label = label;
    if (!this.on) return;
    const now = performance.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const line = progressLine(label, done, total, now - this.t0);
    const width = this.out.columns && this.out.columns > 20 ? this.out.columns - 1 : line.length; // a pty may report 0
    this.out.write(`\r${line.slice(0, width)}\x1b[K`);
    this.shown = true;
  }

  /** Clears the line. */
  end(): void {
    if (this.on && this.shown) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}
