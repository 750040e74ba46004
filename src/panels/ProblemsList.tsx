import { formatPath } from "../model";
import { ownerOf, problemsOf, useApp, useAppStore } from "../store";

/** Every problem in the crew; pressing one selects the node it concerns. */
export function ProblemsList() {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const problems = problemsOf(crew);
  if (problems.length === 0) return <p className="panel-empty">No problems: this crew is ready to run.</p>;
  return (
    <ul className="problems" aria-label="Problems">
      {problems.map((p) => {
        const owner = ownerOf(crew, p) ?? p.ids[0];
        return (
          <li key={`${p.code}:${formatPath(p.path)}`} data-code={p.code}>
            <button type="button" onClick={() => (owner ? store.getState().select([owner]) : store.getState().setSidePanel("crew"))}>
              <span className="problems__message">{p.message}</span>
              <code className="problems__path">{formatPath(p.path)}</code>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
