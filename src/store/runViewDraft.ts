import type { Crew } from "../model";
import type { DelegationView, NodeRunState, NodeStatus, RunView, Span } from "./runViewTypes";

/** How much streamed text a node keeps at most: the last few thousand characters (at least half of this). */
export const STREAM_CAP = 4000;

/** A node patch; an `undefined` value removes the field. */
export type NodePatch = { [K in keyof NodeRunState]?: NodeRunState[K] | undefined };

/**
 * Open-span indices by span list. A list is never changed once a view holds it, so this is a pure memo; a list it has
 * not seen (a view restored from storage) is scanned once.
 */
const openIndex = new WeakMap<readonly Span[], number[]>();

function indexOpen(spans: readonly Span[]): number[] {
  const open: number[] = [];
  spans.forEach((s, i) => {
    if (s.end === undefined) open.push(i);
  });
  openIndex.set(spans, open);
  return open;
}

/** Open delegations (id to index) by delegation list: a pure memo like `openIndex`, for lists never changed once held. */
const openDelegationIndex = new WeakMap<readonly DelegationView[], Map<string, number>>();

function indexDelegations(list: readonly DelegationView[]): Map<string, number> {
  let open = openDelegationIndex.get(list);
  if (!open) {
    const found = new Map<string, number>();
    list.forEach((x, i) => {
      if (x.end === undefined) found.set(x.id, i);
    });
    openDelegationIndex.set(list, found);
    open = found;
  }
  return open;
}

/**
 * Copy-on-write changes to one RunView while one event is folded: the nodes record and the span list are each
 * copied at most once, and only when the event changes them, so a token event copies no array.
 */
export class ViewDraft {
  private nodes: Record<string, NodeRunState>;
  private spans: Span[];
  private edges: string[];
  /** Indices of the spans still open (a handful), so lookups never walk the whole timeline. */
  private open: number[];
  private owned = { nodes: false, spans: false };

  constructor(
    /** The view being folded: the base, plus the fields of events already folded into this draft. */
    public view: RunView,
    readonly crew: Crew,
  ) {
    this.nodes = view.nodes;
    this.spans = view.spans;
    this.edges = view.activeEdges;
    this.open = openIndex.get(view.spans) ?? indexOpen(view.spans);
  }

  /** A node's status (idle when not mentioned). */
  status(id: string): NodeStatus {
    return this.nodes[id]?.status ?? "idle";
  }

  node(id: string): NodeRunState | undefined {
    return this.nodes[id];
  }

  /** Merges a patch into a node (or replaces it with `replace`); undefined values drop the field. */
  patch(id: string, patch: NodePatch, replace = false): void {
    const next: Record<string, unknown> = replace ? { status: "idle", ...patch } : { ...this.nodes[id], ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    if (!this.owned.nodes) {
      this.nodes = { ...this.nodes };
      this.owned.nodes = true;
    }
    this.nodes[id] = next as unknown as NodeRunState;
  }

  /** Ids of nodes in one of the statuses. */
  nodesIn(statuses: readonly NodeStatus[]): string[] {
    return Object.keys(this.nodes).filter((id) => statuses.includes(this.status(id)));
  }

  /** Appends streamed text to a node, keeping no more than the last STREAM_CAP characters. */
  stream(id: string, text: string, activity: string): void {
    let streamed = (this.nodes[id]?.streamed ?? "") + text;
    // Cut back to half the cap, not to the cap: a cut copies the text, and this way it happens once per
    // couple of thousand characters instead of on every token once the cap is reached.
    if (streamed.length > STREAM_CAP) {
      streamed = streamed.slice(-STREAM_CAP / 2);
      // Never start on the second half of a surrogate pair.
      const first = streamed.charCodeAt(0);
      if (first >= 0xdc00 && first <= 0xdfff) streamed = streamed.slice(1);
    }
    this.patch(id, { streamed, activity });
  }

  /** Index (in the span list) of the last open span matching, or -1; only open spans are looked at. */
  findOpen(match: (span: Span) => boolean): number {
    for (let i = this.open.length - 1; i >= 0; i--) {
      const index = this.open[i] as number;
      if (match(this.spans[index] as Span)) return index;
    }
    return -1;
  }

  span(index: number): Span | undefined {
    return this.spans[index];
  }

  /** Every open span that matches, oldest first. */
  openSpans(match: (span: Span) => boolean = () => true): Span[] {
    return this.open.map((i) => this.spans[i] as Span).filter(match);
  }

  openSpan(span: Span): void {
    this.ownSpans();
    this.open.push(this.spans.length);
    this.spans.push(span);
  }

  closeSpan(index: number, end: number, extra: Partial<Span> = {}): void {
    const span = this.spans[index];
    if (!span || span.end !== undefined) return;
    this.ownSpans();
    this.spans[index] = { ...span, ...extra, end };
    this.open.splice(this.open.indexOf(index), 1);
  }

  /** Closes every open span that matches. */
  closeSpans(end: number, match: (span: Span) => boolean, extra: Partial<Span> = {}): void {
    for (const index of this.open.filter((i) => match(this.spans[i] as Span))) this.closeSpan(index, end, extra);
  }

  private ownSpans(): void {
    if (this.owned.spans) return;
    this.spans = [...this.spans];
    this.open = [...this.open];
    this.owned.spans = true;
  }

  hasEdge(id: string): boolean {
    return this.edges.includes(id);
  }

  hasEdgeMatching(match: (id: string) => boolean): boolean {
    return this.edges.some(match);
  }

  addEdge(id: string): void {
    if (this.edges.includes(id)) return;
    this.edges = [...this.edges, id];
  }

  removeEdges(match: (id: string) => boolean): void {
    if (!this.edges.some(match)) return;
    this.edges = this.edges.filter((id) => !match(id));
  }

  /** The open delegation with this id, if any. */
  openDelegation(id: string): DelegationView | undefined {
    const index = indexDelegations(this.view.delegations).get(id);
    return index === undefined ? undefined : this.view.delegations[index];
  }

  /** Every open delegation, oldest first (usually none, so this is cheap to ask on every event). */
  openDelegations(): DelegationView[] {
    const open = indexDelegations(this.view.delegations);
    if (open.size === 0) return [];
    return [...open.values()].map((i) => this.view.delegations[i] as DelegationView);
  }

  /** Appends a new (open) delegation. */
  addDelegation(item: DelegationView): void {
    const open = new Map(indexDelegations(this.view.delegations));
    const list = [...this.view.delegations, item];
    open.set(item.id, list.length - 1);
    openDelegationIndex.set(list, open);
    this.merge({ delegations: list });
  }

  /** Ends an open delegation with the fields given; returns it ended, or undefined when no such delegation is open. */
  closeDelegation(id: string, end: number, extra: Partial<DelegationView>): DelegationView | undefined {
    const open = indexDelegations(this.view.delegations);
    const index = open.get(id);
    const item = index === undefined ? undefined : this.view.delegations[index];
    if (index === undefined || !item) return undefined;
    const closed = { ...item, ...extra, end };
    const list = [...this.view.delegations];
    list[index] = closed;
    const rest = new Map(open);
    rest.delete(id);
    openDelegationIndex.set(list, rest);
    this.merge({ delegations: list });
    return closed;
  }

  /** Takes the fields an event set, so the next event folded into the same draft sees them. */
  merge(fields: Partial<RunView>): void {
    this.view = { ...this.view, ...fields };
  }

  /** The folded view: the base with whatever changed and the fields given. */
  build(fields: Partial<RunView>): RunView {
    openIndex.set(this.spans, this.open);
    return { ...this.view, nodes: this.nodes, spans: this.spans, activeEdges: this.edges, ...fields };
  }
}

/** The agent a task or model-call span ran for: its lane, unless the lane is the task itself or the crew. */
export function laneAgent(span: Span): string | null {
  return span.lane !== span.taskId && span.lane !== "crew" ? span.lane : null;
}

/** Seconds for an activity line: one decimal under ten seconds, whole seconds above. */
export function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10);
}

/** Maps a tool name from a tool event to the crew's tool id and the node whose `uses` edge it travels. */
export function resolveTool(crew: Crew, name: string, taskId: string, agentId: string | null): { toolId: string; owner: string } | null {
  const task = crew.tasks.find((t) => t.id === taskId);
  const agent = agentId ? crew.agents.find((a) => a.id === agentId) : undefined;
  // The engine's own choice: the task's tools when it has any, else the agent's; duplicate names get _2, _3...
  const fromTask = (task?.tools.length ?? 0) > 0;
  const ids = fromTask ? (task?.tools ?? []) : (agent?.tools ?? []);
  const byName = new Map<string, string>();
  for (const id of ids) {
    const tool = crew.tools.find((t) => t.id === id);
    if (!tool) continue;
    let n = tool.name;
    for (let k = 2; byName.has(n); k++) n = `${tool.name}_${k}`;
    byName.set(n, id);
  }
  const hit = byName.get(name);
  if (hit) return { toolId: hit, owner: (fromTask ? taskId : agentId) ?? taskId };
  const base = name.replace(/_\d+$/, "");
  const tool = crew.tools.find((t) => t.name === name) ?? crew.tools.find((t) => t.name === base);
  if (!tool) return null;
  const owner = agent?.tools.includes(tool.id) ? (agentId ?? taskId) : task?.tools.includes(tool.id) ? taskId : (agentId ?? taskId);
  return { toolId: tool.id, owner };
}
