import { BaseEdge, type EdgeProps, getBezierPath } from "@xyflow/react";
import { memo, useEffect, useRef, useState } from "react";
import { shownRun, useApp } from "../../store";

/** Which way work moves along an edge right now: along it, back against it (an answer returning), or not at all. */
type Flow = "forward" | "back" | null;
const CLASSES = { forward: "is-active", back: "is-active is-returning", once: "is-active is-returning is-once" } as const;

/**
 * Every crew edge. It reads whether a run is using it from the store itself, so the canvas's edge list stays the same
 * while a run animates and React Flow does not rebuild its edges on every step.
 */
export const CrewEdge = memo(function CrewEdge(props: EdgeProps) {
  const { id, source, target, markerEnd, style, interactionWidth, data } = props;
  const kind = typeof data?.kind === "string" ? data.kind : "";
  const flow = useApp((s) => edgeFlow(shownRun(s)?.activeEdges, id, kind === "delegates" ? `delegates:${target}:${source}` : null));
  const returned = useReturnLeg(kind === "delegates", flow);
  const shown: Flow = flow ?? (returned.on ? "back" : null);
  const path = kind === "context" ? contextPath(props) : data?.peer ? peerPath(props) : getBezierPath(props)[0];
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      style={style}
      interactionWidth={interactionWidth}
      {...(shown ? { className: CLASSES[flow ?? "once"], "data-active": shown } : {})}
      {...(returned.on ? { onAnimationEnd: returned.end } : {})}
    />
  );
});

/**
 * A delegation's answer usually comes back in the same breath as the delegator's next step, so the store's "back"
 * leg may never reach the screen. When the edge stops carrying work out, the answer's return is played once along it
 * (a CSS animation that ends by itself), unless the run already ended.
 */
function useReturnLeg(enabled: boolean, flow: Flow): { on: boolean; end: () => void } {
  const running = useApp((s) => enabled && shownRun(s)?.status === "running");
  const [on, setOn] = useState(false);
  const was = useRef<Flow>(null);
  useEffect(() => {
    if (enabled && running && was.current === "forward" && flow === null) setOn(true);
    if (flow !== null) setOn(false);
    was.current = flow;
  }, [enabled, running, flow]);
  return { on: on && running, end: () => setOn(false) };
}

/** Forward when the edge's own id is active; back when the reverse id is (a delegation's answer coming home). */
function edgeFlow(active: readonly string[] | undefined, id: string, reverse: string | null): Flow {
  if (!active || active.length === 0) return null;
  if (active.includes(id)) return "forward";
  return reverse && active.includes(reverse) ? "back" : null;
}

/**
 * A context edge: between neighbouring tasks a plain curve; when it skips over tasks in between, it bows out to the
 * right (further for longer skips) so it never reads as passing through them.
 */
function contextPath({ sourceX, sourceY, targetX, targetY, data }: EdgeProps): string {
  const skip = typeof data?.skip === "number" ? data.skip : 1;
  const bow = skip > 1 ? 210 + 50 * (skip - 2) : 0;
  const drop = Math.max(40, Math.abs(targetY - sourceY) / 3);
  return `M ${sourceX},${sourceY} C ${sourceX + bow},${sourceY + drop} ${targetX + bow},${targetY - drop} ${targetX},${targetY}`;
}

/**
 * An edge between two agents (watching, delegating): both ends are on the agents' left sides, so it bows out to the
 * left, further for agents further apart, and never crosses the agents stacked between them.
 */
function peerPath({ sourceX, sourceY, targetX, targetY }: EdgeProps): string {
  const bow = Math.min(240, 36 + 0.2 * Math.abs(targetY - sourceY) + Math.abs(targetX - sourceX) / 4);
  const left = Math.min(sourceX, targetX) - bow;
  return `M ${sourceX},${sourceY} C ${left},${sourceY} ${left},${targetY} ${targetX},${targetY}`;
}
