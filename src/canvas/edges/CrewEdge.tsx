import { BaseEdge, type EdgeProps, getBezierPath } from "@xyflow/react";
import { memo } from "react";
import { shownRun, useApp } from "../../store";

/**
 * Every crew edge. It reads whether a run is using it from the store itself, so the canvas's edge list stays the same
 * while a run animates and React Flow does not rebuild its edges on every step.
 */
export const CrewEdge = memo(function CrewEdge(props: EdgeProps) {
  const { id, markerEnd, style, interactionWidth } = props;
  const active = useApp((s) => shownRun(s)?.activeEdges.includes(id) ?? false);
  const path = props.data?.kind === "context" ? contextPath(props) : getBezierPath(props)[0];
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      style={style}
      interactionWidth={interactionWidth}
      {...(active ? { className: "is-active" } : {})}
    />
  );
});

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
