// Go's text/tabwriter, which kubectl prints every table with: cells end in a
// tab, a column is as wide as its widest cell in a block of consecutive lines
// that have it, plus padding; the last cell of a line is never padded. With
// `rememberWidths` (kubectl's fork, liggitt/tabwriter) columns never narrow
// between calls, so rows printed one by one under `get -w` stay aligned.

export interface TabWriterOptions {
  /** Smallest column width, padding included (kubectl: 6 for get, 0 for describe). */
  minWidth: number;
  /** Spaces after the widest cell (kubectl: 3 for get, 2 for describe). */
  padding: number;
  rememberWidths?: boolean;
}

const width = (s: string): number => [...s].length;

export class TabWriter {
  private readonly remembered: number[] = [];

  constructor(private readonly options: TabWriterOptions) {}

  /** `text`: lines ending in "\n", cells ending in "\t". Returns the aligned text. */
  format(text: string): string {
    const trailingNewline = text.endsWith('\n');
    const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
    const out: string[] = [];
    const widths: number[] = [];
    const { minWidth, padding, rememberWidths } = this.options;

    const writeLines = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        const cells = lines[i]!;
        out.push(cells.map((c, j) => (j < widths.length ? c + ' '.repeat(Math.max(0, widths[j]! - width(c))) : c)).join(''));
      }
    };

    const format = (line0: number, line1: number): void => {
      const column = widths.length;
      for (let i = line0; i < line1; i++) {
        if (column >= lines[i]!.length - 1) continue;
        writeLines(line0, i);
        line0 = i;
        let w = minWidth;
        for (; i < line1; i++) {
          const cells = lines[i]!;
          if (column >= cells.length - 1) break;
          w = Math.max(w, width(cells[column]!) + padding);
        }
        if (rememberWidths) {
          w = Math.max(w, this.remembered[column] ?? 0);
          this.remembered[column] = w;
        }
        widths.push(w);
        format(line0, i);
        widths.pop();
        line0 = i;
      }
      writeLines(line0, line1);
    };

    format(0, lines.length);
    return out.join('\n') + (trailingNewline ? '\n' : '');
  }
}

export function tabwrite(text: string, options: TabWriterOptions): string {
  return new TabWriter(options).format(text);
}

/** kubectl get's settings. */
export const GET_TABS: TabWriterOptions = { minWidth: 6, padding: 3 };
/** kubectl describe's and rollout history's settings. */
export const DESCRIBE_TABS: TabWriterOptions = { minWidth: 0, padding: 2 };
