import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import { CrewCanvas } from "../canvas/CrewCanvas";
import { Palette, type PaletteItem } from "../canvas/Palette";
import { CrewList } from "../panels/CrewList";
import { Dialogs } from "../panels/Dialogs";
import { RunDock } from "../panels/run/RunDock";
import { type AppStore, StoreContext, useApp, useAppStore } from "../store";
import { SidePanel } from "./SidePanel";
import { Toasts } from "./Toasts";
import { Toolbar, useImportFile } from "./Toolbar";
import { useShortcuts } from "./useShortcuts";
import { useTidy } from "./useTidy";

/** The editor application around one store. */
export function App({ store }: { store: AppStore }) {
  return (
    <StoreContext.Provider value={store}>
      <ReactFlowProvider>
        <Shell />
      </ReactFlowProvider>
    </StoreContext.Provider>
  );
}

function Shell() {
  const store = useAppStore();
  const theme = useApp((s) => s.theme);
  const ready = useApp((s) => s.ready);
  const tidy = useTidy();
  const importFile = useImportFile();
  const flow = useReactFlow();
  useShortcuts(tidy);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const addFromPalette = (item: PaletteItem) => {
    // Keyboard and click users get the node in the middle of what they see, nudged so repeats don't stack.
    const pane = document.querySelector(".canvas")?.getBoundingClientRect();
    const centre = pane ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
    const n = store.getState().crew.agents.length + store.getState().crew.tasks.length + store.getState().crew.tools.length;
    store.getState().addNode(item.kind, { x: centre.x - 130 + (n % 5) * 24, y: centre.y - 60 + (n % 5) * 24 }, item.toolName);
  };
  return (
    <div className="app" data-ready={ready || undefined}>
      <Toolbar tidy={tidy} importFile={importFile} />
      <div className="app__left">
        <CrewList />
        <Palette onAdd={addFromPalette} />
      </div>
      <main className="app__canvas">
        <div className="app__flow">
          <CrewCanvas onDropFile={importFile} />
          <Legend />
        </div>
        <RunDock />
      </main>
      <SidePanel />
      <Toasts />
      <Dialogs />
    </div>
  );
}

/** Names the kinds of edge the open crew can show: watching only in environment crews, delegating only where it can happen. */
function Legend() {
  const process = useApp((s) => s.crew.process);
  const delegates = useApp((s) => s.crew.process === "hierarchical" || s.crew.agents.some((a) => a.allowDelegation));
  return (
    <ul className="legend" aria-label="Edge legend">
      <li className="legend__performs">task → agent: performed by</li>
      <li className="legend__context">task → task: context</li>
      <li className="legend__uses">tool → agent/task: uses</li>
      {process === "environment" && <li className="legend__watches">agent → agent: watched by</li>}
      {delegates && <li className="legend__delegates">agent → agent: delegates to</li>}
    </ul>
  );
}
