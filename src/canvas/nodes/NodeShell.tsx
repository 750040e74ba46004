import type { ReactNode } from "react";
import type { NodeKind, Problem } from "../../model";

/** Frame shared by every node: kind, status and problem marks, so CSS and tests can read them. */
export function NodeShell(props: {
  kind: NodeKind;
  id: string;
  title: string;
  selected: boolean;
  problems: readonly Problem[];
  children: ReactNode;
  badge?: ReactNode;
}) {
  const { kind, id, title, selected, problems, children, badge } = props;
  const invalid = problems.length > 0;
  return (
    <div
      className={`crew-node crew-node--${kind}${selected ? " is-selected" : ""}${invalid ? " is-invalid" : ""}`}
      data-kind={kind}
      data-status="idle"
      data-id={id}
      data-invalid={invalid || undefined}
    >
      <header className="crew-node__header">
        <span className="crew-node__kind" aria-hidden="true">
          {KIND_ICON[kind]}
        </span>
        <span className="crew-node__title">{title}</span>
        {badge}
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
    </div>
  );
}

const KIND_ICON: Record<NodeKind, string> = { agent: "◉", task: "▣", tool: "⚙" };

/** Shortens text to one glanceable line. */
export function excerpt(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
