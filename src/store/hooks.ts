import { createContext, useContext } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import type { AppStore } from "./createAppStore";
import type { AppState } from "./types";

/** Provides the app store to the component tree. */
export const StoreContext = createContext<AppStore | null>(null);

/** The store instance itself, for actions and non-reactive reads. */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useAppStore: no StoreContext provider above this component");
  return store;
}

/** Reads a slice of the app state; re-renders only when the selected value changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/** Like useApp, for selectors that build arrays or objects (compared shallowly). */
export function useAppShallow<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), useShallow(selector));
}

/** Undo/redo availability and actions. */
export function useHistory() {
  const store = useAppStore();
  const canUndo = useStore(store.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (s) => s.futureStates.length > 0);
  return { canUndo, canRedo, undo: () => store.temporal.getState().undo(), redo: () => store.temporal.getState().redo() };
}
