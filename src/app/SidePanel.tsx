import { CrewSettings } from "../panels/CrewSettings";
import { Inspector } from "../panels/Inspector";
import { ProblemsList } from "../panels/ProblemsList";
import { RunPanel } from "../panels/RunPanel";
import { TaskOrder } from "../panels/TaskOrder";
import { problemsOf, type UiSlice, useApp, useAppStore } from "../store";

const TABS: { id: UiSlice["sidePanel"]; label: string }[] = [
  { id: "node", label: "Inspector" },
  { id: "crew", label: "Crew" },
  { id: "order", label: "Order" },
  { id: "problems", label: "Problems" },
  { id: "run", label: "Run" },
];

/** The right-hand panel: inspector, crew settings, task order and problems as tabs. */
export function SidePanel() {
  const store = useAppStore();
  const panel = useApp((s) => s.sidePanel);
  const count = useApp((s) => problemsOf(s.crew).length);
  return (
    <aside className="side-panel" aria-label="Side panel">
      <div role="tablist" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={panel === t.id}
            aria-controls={`tabpanel-${t.id}`}
            className="tabs__tab"
            onClick={() => store.getState().setSidePanel(t.id)}
          >
            {t.label}
            {t.id === "problems" && count > 0 && <span className="badge badge--warn">{count}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${panel}`} aria-labelledby={`tab-${panel}`} className="side-panel__body">
        {panel === "node" && <Inspector />}
        {panel === "crew" && <CrewSettings />}
        {panel === "order" && <TaskOrder />}
        {panel === "problems" && <ProblemsList />}
        {panel === "run" && <RunPanel />}
      </div>
    </aside>
  );
}
