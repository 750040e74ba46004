import type { StateCreator } from "zustand";
import { copyFragment, type Fragment, pasteFragment } from "./fragment";
import type { AppState, StoreDeps, UiSlice } from "./types";

const PASTE_OFFSET = { x: 40, y: 40 };
let toastSeq = 0;

/** The session slice: what is selected, open, or on the clipboard. */
export function createUiSlice(deps: StoreDeps, theme: UiSlice["theme"]): StateCreator<AppState, [], [], UiSlice> {
  return (set, get) => ({
    selection: [],
    selectedEdges: [],
    dialog: null,
    toasts: [],
    theme,
    clipboard: null,
    sidePanel: "crew",
    dock: { open: false, tab: "console" },
    select(ids, edges = []) {
      const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
      const { selection, selectedEdges, sidePanel } = get();
      if (same(ids, selection) && same(edges, selectedEdges)) return;
      const panel = ids.length > 0 ? "node" : sidePanel === "node" ? "crew" : sidePanel;
      set({ selection: [...ids], selectedEdges: [...edges], sidePanel: panel });
    },
    openDialog(dialog) {
      set({ dialog });
    },
    toast(message, kind = "info", action) {
      const id = ++toastSeq;
      set({ toasts: [...get().toasts.slice(-3), { id, kind, message, ...(action ? { action } : {}) }] });
    },
    dismissToast(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
    setTheme(next) {
      set({ theme: next });
      void deps.repository.setMeta("theme", next).catch(() => undefined);
    },
    setSidePanel(panel) {
      set({ sidePanel: panel });
    },
    setDock(dock) {
      set({ dock: { ...get().dock, ...dock } });
    },
    copySelection() {
      const { crew, crewId, selection } = get();
      if (selection.length === 0) return;
      const fragment = copyFragment(crew, selection, crewId ?? "");
      set({ clipboard: fragment });
      void deps.writeClipboard?.(JSON.stringify(fragment)).catch(() => undefined);
      get().toast(`Copied ${plural(selection.length, "node")}`);
    },
    paste(fragment?: Fragment) {
      const source = fragment ?? get().clipboard;
      if (!source) return;
      const { crew, crewId } = get();
      const result = pasteFragment(crew, source, source.sourceCrew === crewId, PASTE_OFFSET);
      get().applyCrew(result.crew);
      get().select(result.ids);
      // Pasting again offsets again, so copies never stack exactly on top of each other.
      if (!fragment) set({ clipboard: { ...source, layout: shift(source.layout) } });
    },
    duplicateSelection() {
      const { crew, crewId, selection } = get();
      if (selection.length === 0) return;
      get().paste(copyFragment(crew, selection, crewId ?? ""));
    },
    selectAll() {
      const { crew } = get();
      get().select([...crew.agents, ...crew.tasks, ...crew.tools].map((n) => n.id));
    },
  });
}

function shift(layout: Fragment["layout"]): Fragment["layout"] {
  return Object.fromEntries(Object.entries(layout).map(([id, p]) => [id, { x: p.x + PASTE_OFFSET.x, y: p.y + PASTE_OFFSET.y }]));
}

/** "1 node", "3 nodes"; `many` for words whose plural is not word + "s" ("1 memory", "2 memories"). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
