import type { FitViewOptions } from "@xyflow/react";

/**
 * Room left around the crew when fitting it in view: the edge legend (top left), the round counter (top right) and the
 * minimap (bottom right) float over the canvas, and watch edges bow out to the left of the agents.
 */
export const FIT_VIEW: FitViewOptions = {
  padding: { top: "88px", left: "96px", right: "48px", bottom: "36px" },
  maxZoom: 1,
};
