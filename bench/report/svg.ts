// Inline SVG charts for the HTML report: lines over time (with marks), and
// grouped bars. Plain strings, no external assets, no script.

export interface LineSeries { name: string; points: readonly [number, number][] }

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
const W = 680, H = 300, L = 60, R = 20, T = 34, B = 46;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" upper bound and tick step for 0..max (1, 2 or 5 × 10^k steps, about 5 ticks). */
export function niceScale(max: number, ticks = 5): { max: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, step: 0.2 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { max: Math.ceil(max / step - 1e-9) * step, step };
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(2)}`);

function axes(xs: { max: number; step: number } | null, ys: { max: number; step: number }, xLabel: string, yLabel: string, title: string): string {
  const py = (y: number) => H - B - (y / ys.max) * (H - T - B);
  const out: string[] = [`<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`];
  for (let y = 0; y <= ys.max + 1e-9; y += ys.step) {
    out.push(`<line x1="${L}" x2="${W - R}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${L - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${fmt(y)}</text>`);
  }
  for (let x = 0; xs && x <= xs.max + 1e-9; x += xs.step) {
    out.push(`<text x="${(L + (x / xs.max) * (W - L - R)).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${fmt(x)}</text>`);
  }
  out.push(`<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#374151"/><line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#374151"/>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return out.join('');
}

function svg(body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="11">${body}</svg>`;
}

export function lineChart(o: { title: string; xLabel: string; yLabel: string; series: readonly LineSeries[]; marks?: readonly { t: number; label: string }[]; yMax?: number; step?: boolean }): string {
  const all = o.series.flatMap((s) => s.points);
  if (all.length === 0) return svg(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">${esc(o.title)}: no data</text>`);
  const xs = niceScale(Math.max(...all.map((p) => p[0]), ...(o.marks ?? []).map((m) => m.t)));
  const ys = niceScale(o.yMax ?? Math.max(...all.map((p) => p[1])));
  const px = (x: number) => L + (x / xs.max) * (W - L - R);
  const py = (y: number) => H - B - (y / ys.max) * (H - T - B);
  const body = [axes(xs, ys, o.xLabel, o.yLabel, o.title)];
  o.series.forEach((s, i) => {
    const pts: string[] = [];
    let prevY: number | undefined;
    for (const [x, y] of s.points) {
      if (o.step && prevY !== undefined) pts.push(`${px(x).toFixed(1)},${py(prevY).toFixed(1)}`);
      pts.push(`${px(x).toFixed(1)},${py(y).toFixed(1)}`);
      prevY = y;
    }
    const color = COLORS[i % COLORS.length];
    body.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${pts.join(' ')}"/>`);
    body.push(`<rect x="${L + 8 + i * 160}" y="${T - 4}" width="10" height="3" fill="${color}"/><text x="${L + 22 + i * 160}" y="${T}">${esc(s.name)}</text>`);
  });
  (o.marks ?? []).forEach((m, i) => {
    const x = px(m.t).toFixed(1);
    body.push(`<line x1="${x}" x2="${x}" y1="${T + 6}" y2="${H - B}" stroke="#6b7280" stroke-dasharray="4 3"/><text x="${(+x + 3).toFixed(1)}" y="${T + 16 + (i % 4) * 12}" fill="#4b5563">${esc(m.label)}</text>`);
  });
  return svg(body.join(''));
}

export function barChart(o: { title: string; yLabel: string; groups: readonly { label: string; values: Record<string, number> }[] }): string {
  const keys = [...new Set(o.groups.flatMap((g) => Object.keys(g.values)))];
  const vals = o.groups.flatMap((g) => Object.values(g.values)).filter(Number.isFinite);
  if (o.groups.length === 0 || vals.length === 0) return svg(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">${esc(o.title)}: no data</text>`);
  const ys = niceScale(Math.max(...vals));
  const py = (y: number) => H - B - (y / ys.max) * (H - T - B);
  const body: string[] = [axes(null, ys, '', o.yLabel, o.title)];
  const slot = (W - L - R) / o.groups.length;
  const bw = Math.min(40, (slot * 0.8) / keys.length);
  o.groups.forEach((g, gi) => {
    const x0 = L + gi * slot + (slot - bw * keys.length) / 2;
    keys.forEach((k, ki) => {
      const v = g.values[k];
      if (v === undefined || !Number.isFinite(v)) return;
      const y = py(v);
      body.push(`<rect x="${(x0 + ki * bw).toFixed(1)}" y="${y.toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(H - B - y).toFixed(1)}" fill="${COLORS[ki % COLORS.length]}"><title>${esc(`${g.label} ${k}: ${v} ms`)}</title></rect>`);
    });
    body.push(`<text x="${(L + gi * slot + slot / 2).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${esc(g.label)}</text>`);
  });
  keys.forEach((k, i) => body.push(`<rect x="${W - R - 60}" y="${T + i * 14}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${W - R - 46}" y="${T + 9 + i * 14}">${esc(k)}</text>`));
  return svg(body.join(''));
}
