import type { ReactNode } from "react";
import type { NodeKind, Problem } from "../../model";
import { nodeRunState, useApp } from "../../store";

/** Frame shared by every node: kind, status and problem marks, so CSS and tests can read them. */
export function NodeShell(props: {
  kind: NodeKind;
  id: string;
  title: string;
  selected: boolean;
  problems: readonly Problem[];
  children: ReactNode;
  badge?: ReactNode;
  /** A hierarchical crew's manager: drawn as one, and marked `data-role="manager"` beside its kind. */
  manager?: boolean;
}) {
  const { kind, id, title, selected, problems, children, badge, manager } = props;
  const role = manager ? "manager" : undefined;
  const invalid = problems.length > 0;
  // One selector, not one per field: every store update runs every node's selectors, and a run updates it every frame.
  // The run view replaces a node's state only when an event changes it, so this re-renders just the nodes at work.
  const state = useApp((s) => nodeRunState(s, id));
  const status = state?.status ?? "idle";
  const { activity, streamed, error } = state ?? {};
  return (
    <div
      className={`crew-node crew-node--${kind}${role ? ` crew-node--${role}` : ""} status-${status}${selected ? " is-selected" : ""}${invalid ? " is-invalid" : ""}`}
      data-kind={kind}
      data-role={role}
      data-status={status}
      data-id={id}
      data-invalid={invalid || undefined}
    >
      <header className="crew-node__header">
        <span className="crew-node__kind" aria-hidden="true">
          {role === "manager" ? "♛" : KIND_ICON[kind]}
        </span>
        <span className="crew-node__title">{title}</span>
        {badge}
        {status !== "idle" && (
          <span className={`crew-node__state status-icon--${status}`} title={activity ?? status} aria-hidden="true">
            {ICONS[status]}
          </span>
        )}
        {invalid && (
          <span
            className="crew-node__problems"
            title={problems.map((p) => p.message).join("\n")}
            role="img"
            aria-label={`${problems.length} problems`}
          >
            {problems.length}
          </span>
        )}
      </header>
      <div className="crew-node__body">{children}</div>
      {OVERLAY.has(status) && (
        // Drawn over the body, never beside it: a node keeps its size while it runs, so nodes below never get covered.
        <div className="crew-node__run" aria-live="polite">
          <span className="crew-node__status">
            <StatusIcon status={status} /> {activity ?? status}
          </span>
          {streamed && <p className="crew-node__stream">{streamed.slice(-220)}</p>}
          {status === "error" && error && <p className="crew-node__error">{error}</p>}
        </div>
      )}
    </div>
  );
}

const KIND_ICON: Record<NodeKind, string> = { agent: "◉", task: "▣", tool: "⚙" };

/** Shortens text to one glanceable line. */
export function excerpt(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const ICONS: Record<string, string> = { queued: "…", running: "●", waiting: "‖", done: "✓", error: "✗", skipped: "↷", cancelled: "■" };
/** Statuses whose activity is worth covering the node's description for. */
const OVERLAY = new Set(["running", "waiting", "error"]);

function StatusIcon({ status }: { status: string }) {
  return (
    <span className={`status-icon status-icon--${status}`} aria-hidden="true">
      {ICONS[status] ?? ""}
    </span>
  );
}
