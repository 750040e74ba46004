import { BaseEdge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";

/**
 * A context edge. Between neighbouring tasks it is a plain curve; when it skips over tasks in between,
 * it bows out to the right (further for longer skips) so it never reads as passing through them.
 */
export const ContextEdge = memo(function ContextEdge(props: EdgeProps) {
  const { sourceX, sourceY, targetX, targetY, data, markerEnd, style, interactionWidth } = props;
  const skip = typeof data?.skip === "number" ? data.skip : 1;
  const bow = skip > 1 ? 210 + 50 * (skip - 2) : 0;
  const drop = Math.max(40, Math.abs(targetY - sourceY) / 3);
  const path = `M ${sourceX},${sourceY} C ${sourceX + bow},${sourceY + drop} ${targetX + bow},${targetY - drop} ${targetX},${targetY}`;
  return <BaseEdge id={props.id} path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />;
});
