import { Handle, Position } from "@xyflow/react";
import type { Process } from "../../model";

/**
 * The handles of edges between agents (watching, delegating), on the left above and below the tools handle: one out,
 * one in, so the two directions between a pair of agents never share a curve. Only an environment crew connects them
 * by hand (to watch); elsewhere they are endpoints of derived edges and stay out of sight.
 */
export function PeerHandles({ process, only }: { process: Process; only?: "out" }) {
  const drawn = process === "environment" ? "" : " handle--quiet";
  const connectable = process === "environment";
  return (
    <>
      <Handle
        type="source"
        position={Position.Left}
        id="peer-out"
        className={`handle handle--peer${drawn}`}
        style={{ top: only ? "50%" : "22%" }}
        isConnectable={connectable}
        title={connectable ? "Drag to an agent who should watch this one" : undefined}
      />
      {only !== "out" && (
        <Handle
          type="target"
          position={Position.Left}
          id="peer-in"
          className={`handle handle--peer${drawn}`}
          style={{ top: "78%" }}
          isConnectable={connectable}
        />
      )}
    </>
  );
}
