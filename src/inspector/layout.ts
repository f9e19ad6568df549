// The one place that knows the layout library. Charts are graphs in ELK's JSON
// format (ElkNode); `layoutGraph` returns the same graph with positions (shape
// and edge coordinates relative to the root, 'elk.json.*Coords': 'ROOT').
// elkjs runs here, on the server, loaded on first use and only then (1.6 MB);
// the page receives laid-out charts and never loads a layout library itself.
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk.bundled.js';

export type { ElkExtendedEdge, ElkNode, ElkPoint };

export interface GraphLayout {
  layout(graph: ElkNode): Promise<ElkNode>;
}

interface ElkInstance { layout(graph: ElkNode): Promise<ElkNode> }

let engine: Promise<ElkInstance> | null = null;

function elk(): Promise<ElkInstance> {
  engine ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    // A CJS module: its constructor is module.exports, seen as `default` from ESM.
    const mod = m as unknown as { default: unknown };
    const Ctor = ((mod.default as { default?: unknown }).default ?? mod.default) as new () => ElkInstance;
    return new Ctor();
  });
  return engine;
}

export const elkLayout: GraphLayout = {
  layout: async (graph) => (await elk()).layout(graph),
};

export function layoutGraph(graph: ElkNode): Promise<ElkNode> {
  return elkLayout.layout(graph);
}
