import {
  Background,
  type Connection,
  ConnectionMode,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type Node,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import { type DragEvent, useCallback, useMemo, useRef, useState } from "react";
import { MANAGER_AGENT_ID } from "../engine/events";
import type { NodeKind, Position } from "../model";
import { crewManager, deleteNodes, deriveEdges, disconnect, shownRun, useApp, useAppStore } from "../store";
import "./canvas.css";
import { CrewEdge as CrewEdgeView } from "./edges/CrewEdge";
import { fallbackPosition, managerFallback } from "./fallbackPosition";
import { FIT_VIEW } from "./fitPadding";
import { toFlowEdges } from "./flowEdges";
import { AgentNode } from "./nodes/AgentNode";
import { ManagerNode } from "./nodes/ManagerNode";
import { TaskNode } from "./nodes/TaskNode";
import { ToolNode } from "./nodes/ToolNode";
import { PALETTE_MIME } from "./Palette";
import { RoundCounter } from "./RoundCounter";
import { useStableItems } from "./stableItems";
import { useKeepFitted } from "./useKeepFitted";

const nodeTypes = { agent: AgentNode, task: TaskNode, tool: ToolNode, manager: ManagerNode };
const edgeTypes = { crew: CrewEdgeView };
/** Nodes read everything from the store: one shared empty data object, so it never differs between renders. */
const NO_DATA = {};
type Size = { width: number; height: number };

/** The crew graph editor: nodes and edges are derived from the document; every change goes back through the store. */
export function CrewCanvas({ onDropFile }: { onDropFile: (file: File) => void }) {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const selection = useApp((s) => s.selection);
  const selectedEdges = useApp((s) => s.selectedEdges);
  const theme = useApp((s) => s.theme);
  const [drag, setDrag] = useState<Record<string, Position>>({});
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(new Map());
  const crewId = useApp((s) => s.crewId);
  const { screenToFlowPosition } = useReactFlow();
  const canvas = useRef<HTMLDivElement>(null);
  const onMoveStart = useKeepFitted(canvas, crewId);

  const builtNodes = useMemo<Node[]>(() => {
    const selected = new Set(selection);
    const make = (kind: NodeKind, id: string, i: number): Node => {
      const size = sizes.get(id);
      return {
        id,
        type: kind,
        position: drag[id] ?? crew.layout[id] ?? fallbackPosition(kind, i),
        data: NO_DATA,
        selected: selected.has(id),
        ariaLabel: `${kind} ${id}`,
        // Keeping measured sizes stops React Flow from hiding nodes it has already measured.
        ...(size ? { measured: size } : {}),
      };
    };
    const generated: Node[] =
      crewManager(crew) === MANAGER_AGENT_ID
        ? [
            {
              id: MANAGER_AGENT_ID,
              type: "manager",
              position: drag[MANAGER_AGENT_ID] ?? crew.layout[MANAGER_AGENT_ID] ?? managerFallback(crew),
              data: NO_DATA,
              // Not in the document: nothing to inspect, delete or copy; it can still be moved.
              selectable: false,
              deletable: false,
              ariaLabel: "generated Crew Manager",
              ...(sizes.get(MANAGER_AGENT_ID) ? { measured: sizes.get(MANAGER_AGENT_ID) } : {}),
            },
          ]
        : [];
    return [
      ...crew.tools.map((t, i) => make("tool", t.id, i)),
      ...generated,
      ...crew.agents.map((a, i) => make("agent", a.id, i)),
      ...crew.tasks.map((t, i) => make("task", t.id, i)),
    ];
  }, [crew, selection, drag, sizes]);
  const nodes = useStableItems(builtNodes);

  // A string, so the edges are rebuilt only when a run shows a new pair of agents delegating, not on every event.
  const delegated = useApp((s) => delegationPairs(shownRun(s)?.delegations));
  const edges = useStableItems(
    useMemo<Edge[]>(() => toFlowEdges(crew, new Set(selectedEdges), delegated), [crew, selectedEdges, delegated]),
  );

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      let moved: Record<string, Position> | null = null;
      let measuredNow: Map<string, Size> | null = null;
      let picked: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === "position" && change.position && change.dragging) {
          moved ??= {};
          moved[change.id] = change.position;
        } else if (change.type === "dimensions" && change.dimensions) {
          measuredNow ??= new Map(sizes);
          measuredNow.set(change.id, change.dimensions);
        } else if (change.type === "select") {
          picked ??= new Set(store.getState().selection);
          if (change.selected) picked.add(change.id);
          else picked.delete(change.id);
        }
      }
      if (moved) setDrag((prev) => ({ ...prev, ...moved }));
      if (measuredNow) setSizes(measuredNow);
      if (picked) store.getState().select([...picked], store.getState().selectedEdges);
    },
    [sizes, store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let picked: Set<string> | null = null;
      for (const change of changes) {
        if (change.type !== "select") continue;
        picked ??= new Set(store.getState().selectedEdges);
        if (change.selected) picked.add(change.id);
        else picked.delete(change.id);
      }
      if (picked) store.getState().select(store.getState().selection, [...picked]);
    },
    [store],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      store.getState().setPositions(Object.fromEntries(dragged.map((n) => [n.id, n.position])));
      setDrag({});
    },
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const reason = store.getState().connectNodes(connection.source, connection.target);
      if (reason) store.getState().toast(`Not connected: ${reason}`, "error");
    },
    [store],
  );

  const onDelete = useCallback(
    ({ nodes: goneNodes, edges: goneEdges }: { nodes: Node[]; edges: Edge[] }) => {
      const state = store.getState();
      const kinds = new Map(deriveEdges(state.crew).map((e) => [e.id, e]));
      const withoutEdges = goneEdges.reduce((c, e) => {
        const edge = kinds.get(e.id);
        return edge ? disconnect(c, edge) : c;
      }, state.crew);
      state.applyCrew(
        deleteNodes(
          withoutEdges,
          goneNodes.map((n) => n.id),
        ),
      );
      state.select([], []);
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const payload = event.dataTransfer.getData(PALETTE_MIME);
      if (payload) {
        const { kind, toolName } = JSON.parse(payload) as { kind: NodeKind; toolName?: string };
        const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
        store.getState().addNode(kind, { x: at.x - 130, y: at.y - 40 }, toolName);
        return;
      }
      const file = event.dataTransfer.files[0];
      if (file) onDropFile(file);
    },
    [onDropFile, screenToFlowPosition, store],
  );

  const empty = nodes.length === 0;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is pointer-only; keyboard users add nodes with the palette buttons
    <div className="canvas" ref={canvas} onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow
        onMoveStart={onMoveStart}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onDelete={onDelete}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        colorMode={theme}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.2}
        maxZoom={2}
      >
        <Background gap={20} />
        <Controls position="bottom-left" aria-label="Zoom controls" />
        <MiniMap
          position="bottom-right"
          style={{ width: 160, height: 110 }}
          pannable
          zoomable
          nodeClassName={(n) => `minimap-node minimap-node--${n.type}`}
          ariaLabel="Minimap"
        />
      </ReactFlow>
      <RoundCounter />
      {empty && <EmptyCanvas />}
    </div>
  );
}

/** "from>to" for each pair of agents the shown run has seen delegate, in first-seen order, joined by "|". */
function delegationPairs(delegations: readonly { from: string; to: string }[] | undefined): string {
  if (!delegations || delegations.length === 0) return "";
  return [...new Set(delegations.map((d) => `${d.from}>${d.to}`))].join("|");
}

function EmptyCanvas() {
  const openDialog = useApp((s) => s.openDialog);
  return (
    <div className="canvas-empty" role="note">
      <h2>An empty crew</h2>
      <p>
        Drag an <strong>Agent</strong>, a <strong>Task</strong> and a <strong>Tool</strong> from the palette, then connect the task to its
        agent.
      </p>
      <button type="button" className="button button--primary" onClick={() => openDialog({ kind: "templates" })}>
        Start from a template
      </button>
    </div>
  );
}
