// The inspector page's style.
export const PAGE_CSS = String.raw`
:root { --bg: #f7f7f5; --fg: #1d1d1f; --muted: #6b6b70; --line: #d6d6d9; --accent: #2156d9; --ok: #1a8f4a; --warn: #b76e00; --bad: #c62828; --panel: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: center; gap: 16px; padding: 8px 14px; background: #1d1d1f; color: #fff; }
header h1 { font-size: 15px; margin: 0; font-weight: 600; }
header h1 span { font-weight: 400; color: #bbb; }
.conn { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #555; }
.conn[data-state="open"] { background: var(--ok); }
.conn[data-state="error"] { background: var(--bad); }
.rev { margin-left: auto; font-variant-numeric: tabular-nums; }
.travel { display: flex; align-items: center; gap: 10px; padding: 6px 14px; background: #ececea; border-bottom: 1px solid var(--line); }
.travel input[type=range] { flex: 1; }
.at-rev { min-width: 120px; font-variant-numeric: tabular-nums; font-weight: 600; }
.at-rev[data-mode="past"] { color: var(--warn); }
main { display: grid; grid-template-columns: minmax(300px, 0.9fr) minmax(420px, 1.7fr) minmax(360px, 1.3fr); gap: 10px; padding: 10px; height: calc(100vh - 86px); }
main > section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow: auto; min-width: 0; }
h2 { font-size: 13px; margin: 6px 0; }
h2 small, .note { color: var(--muted); font-weight: 400; }
.counts { display: grid; gap: 6px; }
.kind-card { border: 1px solid var(--line); border-radius: 5px; padding: 4px 6px; }
.kind-card h3 { margin: 0 0 2px; font-size: 12px; display: flex; justify-content: space-between; }
.kind-card h3 small { color: var(--muted); font-weight: 400; }
.state-count { display: inline-flex; gap: 4px; margin: 1px 6px 1px 0; padding: 0 5px; border-radius: 8px; background: #eef1f8; cursor: pointer; font-variant-numeric: tabular-nums; }
.state-count b { font-weight: 600; }
.state-count.changed { animation: pulse 0.8s ease-out; }
@keyframes pulse { from { background: #ffe58f; } to { background: #eef1f8; } }
.filters { display: grid; grid-template-columns: 1fr 1fr; gap: 4px; margin-bottom: 4px; }
.filters input, .filters select { font: inherit; padding: 2px 4px; min-width: 0; }
.table-wrap { max-height: 55vh; overflow: auto; }
table { width: 100%; border-collapse: collapse; font-size: 12px; }
th, td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #eee; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 160px; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: #f0f4ff; }
tbody tr.selected { background: #dfe8ff; }
.tabs { display: inline-flex; gap: 4px; margin-bottom: 6px; }
.tabs button { font: inherit; border: 1px solid var(--line); background: #f4f4f4; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
.tabs button.active { background: var(--accent); color: #fff; border-color: var(--accent); }
.chart { overflow: auto; border: 1px solid #eee; border-radius: 4px; min-height: 200px; }
.chart svg { display: block; }
.chart .state rect.box { fill: #fff; stroke: #8a8a90; stroke-width: 1; }
.chart .state.compound > rect.box { fill: #fafafa; stroke-dasharray: none; }
.chart .state.final > rect.inner { fill: none; stroke: #8a8a90; }
.chart .state text { font-size: 11px; fill: #222; }
.chart .state.active > rect.box { stroke: var(--accent); stroke-width: 1.5; }
.chart .state.current > rect.box { fill: #dfe8ff; stroke: var(--accent); stroke-width: 2.5; }
.chart .state.flash > rect.box { animation: flashnode 1s ease-out; }
@keyframes flashnode { from { fill: #ffe58f; } }
.chart .badge rect { fill: var(--accent); }
.chart .badge text { fill: #fff; font-size: 10px; font-weight: 600; }
.chart .edge path { fill: none; stroke: #9a9aa0; stroke-width: 1; }
.chart .edge text { font-size: 9px; fill: #55555a; }
.chart .edge.flash path { stroke: var(--warn); stroke-width: 3; animation: flashedge 1.2s ease-out forwards; }
@keyframes flashedge { to { stroke: #9a9aa0; stroke-width: 1; } }
.chart .dot { fill: #333; }
.chart .any text { font-size: 9px; fill: var(--muted); }
.detail { margin-top: 8px; font-size: 12px; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 8px; margin: 0; }
.detail dt { color: var(--muted); }
.detail dd { margin: 0; word-break: break-all; }
.steps { padding-left: 0; list-style: none; margin: 0 0 8px; font-size: 12px; }
.steps li { display: grid; grid-template-columns: 24px 1fr auto; gap: 4px; padding: 2px 0; border-bottom: 1px dotted #eee; color: var(--muted); }
.steps li.found { color: var(--fg); }
.steps li .n { font-weight: 700; text-align: right; }
.steps li.found .n { color: var(--ok); }
.steps li .meta { font-size: 11px; color: var(--muted); font-variant-numeric: tabular-nums; }
.sequence svg { display: block; }
.sequence .lifeline { stroke: #ccc; stroke-dasharray: 3 3; }
.sequence .participant rect { fill: #f0f0f2; stroke: #bbb; }
.sequence .participant text { font-size: 10px; }
.sequence .msg line { stroke: #444; }
.sequence .msg.deliver line { stroke: var(--accent); }
.sequence .msg.missing line { stroke: #ccc; stroke-dasharray: 4 3; }
.sequence .msg text { font-size: 10px; }
.sequence .msg text.time { fill: var(--muted); font-variant-numeric: tabular-nums; }
.sequence .msg text.num { font-weight: 700; fill: var(--ok); }
.records { list-style: none; padding: 0; margin: 0; font: 11px/1.35 ui-monospace, monospace; max-height: 25vh; overflow: auto; }
.records li { border-bottom: 1px solid #f2f2f2; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.records li.new { animation: pulse 0.8s ease-out; }
`;
