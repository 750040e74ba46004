import type { KnowledgeSource } from "../../model";
import { type PendingKnowledge, useApp, useAppStore } from "../../store";
import { formatSize } from "./format";

type Row = { source?: KnowledgeSource; pending?: PendingKnowledge; id: string; name: string };

/** The crew's sources with type, size, chunk count and status; those being indexed show their progress. */
export function KnowledgeSources() {
  const store = useAppStore();
  const sources = useApp((s) => s.knowledge.sources);
  const pending = useApp((s) => s.knowledge.pending);
  const agents = useApp((s) => s.crew.agents);
  const byId = new Map(pending.map((p) => [p.id, p]));
  const rows: Row[] = [
    ...sources.map((source) => ({
      source,
      id: source.id,
      name: source.name,
      ...(byId.has(source.id) ? { pending: byId.get(source.id) } : {}),
    })),
    ...pending.filter((p) => !sources.some((s) => s.id === p.id)).map((p) => ({ pending: p, id: p.id, name: p.name })),
  ];
  if (rows.length === 0)
    return (
      <div className="knowledge__empty">
        <p>
          <strong>No knowledge yet.</strong> Give the crew documents to draw on: before each task, the passages that best match it are added
          to the agent's prompt with their source names, so answers can cite them. Agents with the <em>Search knowledge</em> tool can also
          search them when they need to. Sources for one agent are seen only by that agent.
        </p>
      </div>
    );
  const owner = (agentId: string | null) =>
    agentId === null ? "Whole crew" : (agents.find((a) => a.id === agentId)?.role ?? `${agentId} (no longer in the crew)`);
  const s = store.getState();
  const report = (e: Error) => s.toast(e.message, "error");
  return (
    <table className="knowledge__sources" aria-label="Knowledge sources">
      <thead>
        <tr>
          <th>Source</th>
          <th>For</th>
          <th>Type</th>
          <th>Size</th>
          <th>Chunks</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map(({ source, pending: p, id, name }) => {
          const info = source ?? p;
          const busy = p && !p.error;
          return (
            <tr key={id} data-source={name}>
              <td className="knowledge__name" title={name}>
                {name}
              </td>
              <td>{owner(info?.agentId ?? null)}</td>
              <td>{info?.type === "text" ? "pasted" : info?.type}</td>
              <td>{formatSize(info?.bytes ?? 0)}</td>
              <td data-chunks>{source && !busy ? source.chunkCount : "…"}</td>
              <td className="knowledge__status" data-status={p?.error ? "error" : busy ? "indexing" : "ready"}>
                {p?.error ? (
                  <span role="alert" className="knowledge__error">
                    {p.error}
                  </span>
                ) : busy ? (
                  <>
                    <progress max={100} value={Math.round(p.fraction * 100)} aria-label={`Indexing ${name}`} />{" "}
                    {p.stage === "waiting" ? "waiting" : `${p.stage} ${Math.round(p.fraction * 100)}%`}
                  </>
                ) : (
                  "ready"
                )}
              </td>
              <td className="knowledge__actions">
                {p?.error && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => s.dismissKnowledgeError(id)}
                    aria-label={`Dismiss ${name}`}
                  >
                    Dismiss
                  </button>
                )}
                {source && !busy && (
                  <>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => void s.reindexKnowledge(id).catch(report)}
                      aria-label={`Re-index ${name}`}
                      title="Cut the text into chunks again"
                    >
                      Re-index
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      onClick={() => void s.deleteKnowledge(id).catch(report)}
                      aria-label={`Delete ${name}`}
                    >
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
