import { useReactFlow } from "@xyflow/react";
import { type RefObject, useCallback, useEffect, useRef } from "react";
import { FIT_VIEW } from "./fitPadding";

/**
 * Keeps the crew in view when the canvas changes size (the run dock opening under it, a window resize) until the person
 * pans or zooms: after that the view is theirs. Opening another crew fits it and hands the view back to this hook.
 * Returns the handler for React Flow's onMoveStart, which tells the person's moves (they carry an event) from ours.
 */
export function useKeepFitted(canvas: RefObject<HTMLElement | null>, crewId: string | null): (event: unknown) => void {
  const { fitView } = useReactFlow();
  const auto = useRef(true);
  useEffect(() => {
    if (!crewId) return;
    auto.current = true;
    // The timeout lets React Flow measure the new crew's nodes first.
    const timer = setTimeout(() => void fitView(FIT_VIEW), 60);
    return () => clearTimeout(timer);
  }, [crewId, fitView]);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (auto.current) void fitView(FIT_VIEW);
      });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [canvas, fitView]);
  return useCallback((event: unknown) => {
    if (event) auto.current = false;
  }, []);
}
