import { useEffect } from "react";
import { useApp, useAppStore } from "../../store";

/** This browser's in-browser model state (support, catalog, cache), checked once on first use by any picker. */
export function useLocalModels() {
  const store = useAppStore();
  const support = useApp((s) => s.modelSupport);
  const catalog = useApp((s) => s.modelCatalog);
  const cached = useApp((s) => s.cachedModels);
  useEffect(() => {
    if (!store.getState().modelSupport) void store.getState().checkModels();
  }, [store]);
  return { store, support, catalog, cached };
}
