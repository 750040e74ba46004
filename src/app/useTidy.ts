import { useReactFlow } from "@xyflow/react";
import { useCallback } from "react";
import { FIT_VIEW } from "../canvas/fitPadding";
import { tidyLayout } from "../canvas/layout";
import { useAppStore } from "../store";

/** Auto-layout with the sizes React Flow measured, then fit the result in view. */
export function useTidy(): () => void {
  const store = useAppStore();
  const flow = useReactFlow();
  return useCallback(() => {
    const sizes = new Map(
      flow
        .getNodes()
        .flatMap((n) =>
          n.measured?.width && n.measured.height ? [[n.id, { width: n.measured.width, height: n.measured.height }] as const] : [],
        ),
    );
    const crew = store.getState().crew;
    if (crew.agents.length + crew.tasks.length + crew.tools.length === 0) return;
    store.getState().setPositions(tidyLayout(crew, sizes));
    requestAnimationFrame(() => void flow.fitView({ ...FIT_VIEW, duration: 300 }));
  }, [flow, store]);
}
