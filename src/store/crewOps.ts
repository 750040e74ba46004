import { MANAGER_AGENT_ID } from "../engine/events";
import { type Agent, type Crew, type NodeKind, type Task, type Tool, taskLabel } from "../model";

/** A node of the crew graph located by id. */
export type CrewNode = { kind: "agent"; node: Agent } | { kind: "task"; node: Task; index: number } | { kind: "tool"; node: Tool };

/** Finds an agent, task or tool by id. */
export function findNode(crew: Crew, id: string): CrewNode | undefined {
  const agent = crew.agents.find((a) => a.id === id);
  if (agent) return { kind: "agent", node: agent };
  const index = crew.tasks.findIndex((t) => t.id === id);
  const task = crew.tasks[index];
  if (task) return { kind: "task", node: task, index };
  const tool = crew.tools.find((t) => t.id === id);
  return tool ? { kind: "tool", node: tool } : undefined;
}

/**
 * What an edge means, derived from the document (edges are never stored on their own). `watches` runs from what an
 * agent watches to the agent (the way messages flow); `delegates` runs from a hierarchical crew's manager to each worker.
 */
export type EdgeKind = "performs" | "context" | "uses" | "watches" | "delegates";

/** A meaningful connection between two nodes, as drawn on the canvas. */
export interface CrewEdge {
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
}

/** The manager of a hierarchical crew (its chosen agent, else the generated one), or null for other processes. */
export function crewManager(crew: Crew): string | null {
  if (crew.process !== "hierarchical") return null;
  const chosen = crew.settings.managerAgent;
  return chosen && crew.agents.some((a) => a.id === chosen) ? chosen : MANAGER_AGENT_ID;
}

/**
 * Every edge the document implies: task→agent, task→task context, tool→agent/task; watched→watcher in an environment
 * crew (watching means nothing to the other processes, so those edges stay hidden there); manager→worker when hierarchical.
 */
export function deriveEdges(crew: Crew): CrewEdge[] {
  const edges: CrewEdge[] = [];
  for (const task of crew.tasks) {
    if (task.agent) edges.push({ id: `performs:${task.id}:${task.agent}`, kind: "performs", source: task.id, target: task.agent });
    for (const from of task.context ?? []) edges.push({ id: `context:${from}:${task.id}`, kind: "context", source: from, target: task.id });
    for (const tool of task.tools) edges.push({ id: `uses:${tool}:${task.id}`, kind: "uses", source: tool, target: task.id });
  }
  for (const agent of crew.agents) {
    for (const tool of agent.tools) edges.push({ id: `uses:${tool}:${agent.id}`, kind: "uses", source: tool, target: agent.id });
  }
  if (crew.process === "environment") {
    const known = new Set([...crew.agents.map((a) => a.id), ...crew.tasks.map((t) => t.id)]);
    for (const agent of crew.agents)
      for (const watched of agent.watch) if (known.has(watched) && watched !== agent.id) edges.push(watchEdge(agent.id, watched));
  }
  const manager = crewManager(crew);
  if (manager)
    for (const agent of crew.agents)
      if (agent.id !== manager)
        edges.push({ id: `delegates:${manager}:${agent.id}`, kind: "delegates", source: manager, target: agent.id });
  return edges;
}

const watchEdge = (watcher: string, watched: string): CrewEdge => ({
  id: `watches:${watcher}:${watched}`,
  kind: "watches",
  source: watched,
  target: watcher,
});

/** Either the changed crew, or the reason the change was refused (shown to the person). */
export type OpResult = { ok: true; crew: Crew; edge?: CrewEdge } | { ok: false; reason: string };

const refuse = (reason: string): OpResult => ({ ok: false, reason });

function label(n: CrewNode): string {
  if (n.kind === "task") return `task ${taskLabel(n.node)}`;
  if (n.kind === "agent") return `agent "${n.node.role.trim() || n.node.id}"`;
  return `tool "${n.node.name}"`;
}

/**
 * Connects two nodes with the one meaning their kinds allow, whichever end the drag started from.
 * Refuses, with a reason, connections that mean nothing or would break the run order.
 */
export function connect(crew: Crew, a: string, b: string): OpResult {
  if (a === MANAGER_AGENT_ID || b === MANAGER_AGENT_ID)
    return refuse("the generated Crew Manager is not part of the crew: it hands work to every agent on its own");
  const x = findNode(crew, a);
  const y = findNode(crew, b);
  if (!x || !y) return refuse(`cannot connect: no node "${x ? b : a}" in this crew`);
  if (a === b) return refuse("a node cannot connect to itself");
  const kinds = `${x.kind}-${y.kind}` as `${NodeKind}-${NodeKind}`;
  switch (kinds) {
    case "task-agent":
      return assignAgent(crew, x, y);
    case "agent-task":
      return assignAgent(crew, y, x);
    case "tool-agent":
    case "tool-task":
      return addTool(crew, x.node.id, y);
    case "agent-tool":
    case "task-tool":
      return addTool(crew, y.node.id, x);
    case "task-task":
      return addContext(crew, x as Extract<CrewNode, { kind: "task" }>, y as Extract<CrewNode, { kind: "task" }>);
    case "agent-agent":
      return addWatch(crew, x.node as Agent, y.node as Agent);
    default:
      return refuse(
        `${label(x)} cannot connect to ${label(y)}: connect a task to the agent who performs it, a task to a later task that uses its output, a tool to an agent or task, or (in an environment crew) an agent to an agent who watches it`,
      );
  }
}

function assignAgent(crew: Crew, task: CrewNode, agent: CrewNode): OpResult {
  const [taskId, agentId] = [task.node.id, agent.node.id];
  if (task.kind === "task" && task.node.agent === agentId) return refuse(`${label(task)} is already performed by ${label(agent)}`);
  const tasks = crew.tasks.map((t) => (t.id === taskId ? { ...t, agent: agentId } : t));
  return {
    ok: true,
    crew: { ...crew, tasks },
    edge: { id: `performs:${taskId}:${agentId}`, kind: "performs", source: taskId, target: agentId },
  };
}

function addTool(crew: Crew, toolId: string, owner: CrewNode): OpResult {
  const edge: CrewEdge = { id: `uses:${toolId}:${owner.node.id}`, kind: "uses", source: toolId, target: owner.node.id };
  if (owner.kind === "agent") {
    if (owner.node.tools.includes(toolId)) return refuse(`${label(owner)} already uses this tool`);
    const agents = crew.agents.map((a) => (a.id === owner.node.id ? { ...a, tools: [...a.tools, toolId] } : a));
    return { ok: true, crew: { ...crew, agents }, edge };
  }
  if (owner.kind === "task") {
    if (owner.node.tools.includes(toolId)) return refuse(`${label(owner)} already uses this tool`);
    const tasks = crew.tasks.map((t) => (t.id === owner.node.id ? { ...t, tools: [...t.tools, toolId] } : t));
    return { ok: true, crew: { ...crew, tasks }, edge };
  }
  return refuse("a tool cannot connect to another tool");
}

function addContext(crew: Crew, from: Extract<CrewNode, { kind: "task" }>, to: Extract<CrewNode, { kind: "task" }>): OpResult {
  // Dragging from the later task to the earlier one still means "the later one reads the earlier one".
  const [src, dst] = from.index < to.index ? [from, to] : [to, from];
  if (dst.node.context?.includes(src.node.id)) return refuse(`${label(dst)} already uses the output of ${label(src)}`);
  if (src.node.context?.includes(dst.node.id))
    return refuse(`${label(src)} already uses the output of ${label(dst)}; the reverse edge would make a cycle`);
  if (dst.node.async && src.node.async && sameAsyncBatch(crew, src.index, dst.index))
    return refuse(`${label(dst)} and ${label(src)} are async and run at the same time, so one cannot wait for the other`);
  const tasks = crew.tasks.map((t) => (t.id === dst.node.id ? { ...t, context: [...(t.context ?? []), src.node.id] } : t));
  return {
    ok: true,
    crew: { ...crew, tasks },
    edge: { id: `context:${src.node.id}:${dst.node.id}`, kind: "context", source: src.node.id, target: dst.node.id },
  };
}

/** The drag runs the way messages flow: from the agent who speaks to the agent who listens (and now watches it). */
function addWatch(crew: Crew, speaker: Agent, listener: Agent): OpResult {
  const [from, to] = [label({ kind: "agent", node: speaker }), label({ kind: "agent", node: listener })];
  if (crew.process !== "environment")
    return refuse(
      `${to} can watch ${from} only in an environment crew (agents take turns reacting to each other there): set the process to Environment in the crew settings`,
    );
  if (listener.watch.includes(speaker.id)) return refuse(`${to} already watches ${from}`);
  const agents = crew.agents.map((a) => (a.id === listener.id ? { ...a, watch: [...a.watch, speaker.id] } : a));
  return { ok: true, crew: { ...crew, agents }, edge: watchEdge(listener.id, speaker.id) };
}

function sameAsyncBatch(crew: Crew, i: number, j: number): boolean {
  for (let k = Math.min(i, j); k <= Math.max(i, j); k++) if (!crew.tasks[k]?.async) return false;
  return true;
}

/** Removes the meaning of an edge from the document. */
export function disconnect(crew: Crew, edge: Pick<CrewEdge, "kind" | "source" | "target">): Crew {
  const { kind, source, target } = edge;
  // Delegation edges follow from the process and its manager; there is nothing of theirs in the document to remove.
  if (kind === "delegates") return crew;
  if (kind === "watches")
    return { ...crew, agents: crew.agents.map((a) => (a.id === target ? { ...a, watch: a.watch.filter((w) => w !== source) } : a)) };
  if (kind === "performs") return { ...crew, tasks: crew.tasks.map((t) => (t.id === source ? withoutAgent(t) : t)) };
  if (kind === "context")
    return {
      ...crew,
      tasks: crew.tasks.map((t) => (t.id === target ? { ...t, context: (t.context ?? []).filter((c) => c !== source) } : t)),
    };
  return {
    ...crew,
    agents: crew.agents.map((a) => (a.id === target ? { ...a, tools: a.tools.filter((x) => x !== source) } : a)),
    tasks: crew.tasks.map((t) => (t.id === target ? { ...t, tools: t.tools.filter((x) => x !== source) } : t)),
  };
}

function withoutAgent(task: Task): Task {
  const { agent: _dropped, ...rest } = task;
  return rest;
}

/** Deletes nodes and every reference to them, so the document stays structurally sound. */
export function deleteNodes(crew: Crew, ids: readonly string[]): Crew {
  const gone = new Set(ids);
  const keep = (id: string) => !gone.has(id);
  const settings = { ...crew.settings };
  if (settings.managerAgent && gone.has(settings.managerAgent)) delete settings.managerAgent;
  return {
    ...crew,
    settings,
    agents: crew.agents
      .filter((a) => keep(a.id))
      .map((a) => ({ ...a, tools: a.tools.filter(keep), watch: a.watch.filter(keep), sendTo: a.sendTo.filter(keep) })),
    tasks: crew.tasks
      .filter((t) => keep(t.id))
      .map((t) => {
        const next = { ...t, tools: t.tools.filter(keep), ...(t.context ? { context: t.context.filter(keep) } : {}) };
        return t.agent && gone.has(t.agent) ? withoutAgent(next) : next;
      }),
    tools: crew.tools.filter((t) => keep(t.id)),
    layout: Object.fromEntries(Object.entries(crew.layout).filter(([id]) => keep(id))),
  };
}

/** Moves a task to a new place in the run order, refusing moves that put a task before its context. */
export function reorderTask(crew: Crew, id: string, toIndex: number): OpResult {
  const from = crew.tasks.findIndex((t) => t.id === id);
  const task = crew.tasks[from];
  if (!task) return refuse(`no task "${id}" to move`);
  const to = Math.max(0, Math.min(crew.tasks.length - 1, toIndex));
  if (to === from) return { ok: true, crew };
  const tasks = crew.tasks.filter((t) => t.id !== id);
  tasks.splice(to, 0, task);
  const position = new Map(tasks.map((t, i) => [t.id, i]));
  for (const t of tasks) {
    const at = position.get(t.id) ?? 0;
    for (const c of t.context ?? []) {
      if ((position.get(c) ?? -1) > at) {
        const other = crew.tasks.find((x) => x.id === c) as Task;
        return refuse(`task ${taskLabel(t)} uses the output of ${taskLabel(other)}, so it must stay after it`);
      }
    }
  }
  return { ok: true, crew: { ...crew, tasks } };
}
