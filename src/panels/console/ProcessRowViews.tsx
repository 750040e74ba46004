import { type ReactNode, useState } from "react";
import { Expandable, LongText, NodeName, type RowContext, StateBadge } from "./ConsoleParts";
import type { DelegationRow, PlanRow } from "./consoleTypes";
import { formatMs, preview, previewMarkdown } from "./format";
import { Markdown } from "./Markdown";

/**
 * A delegation (or question) to a coworker: "→ Writer: <request>", open by default with the coworker's own steps
 * nested under it (`children`) and its answer last.
 */
export function DelegationRowView({ row, ctx, children }: { row: DelegationRow; ctx: RowContext; children?: ReactNode }) {
  const [open, setOpen] = useState(true);
  const { labels } = ctx;
  const ask = row.delegation === "ask";
  return (
    <details
      className={`console-row console-row--delegation${row.error !== null ? " is-error" : ""}`}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-delegation={row.delegationId}
    >
      <summary className="console-summary">
        <span className="console-tag console-tag--delegate">{ask ? "Ask" : "Delegate"}</span>
        <span className="console-name">→ {labels.agent(row.to)}</span>
        {row.durationMs !== null && <span className="console-meta console-time">{formatMs(row.durationMs)}</span>}
        {row.error !== null && <span className="badge console-badge console-badge--danger">error</span>}
        <StateBadge state={row.state} />
        <span className="console-preview">{preview(row.request)}</span>
      </summary>
      {open && (
        <div className="console-body console-delegation">
          <p className="console-caption">
            <NodeName id={row.from} label={labels.agent(row.from)} ctx={ctx} className="console-agent" /> {ask ? "asks" : "hands work to"}{" "}
            <NodeName id={row.to} label={labels.agent(row.to)} ctx={ctx} className="console-agent" />
            {row.depth > 1 ? ` (delegation level ${row.depth})` : ""}
          </p>
          <Expandable className="console-line" summary={ask ? "Question and context" : "Task and context"}>
            {() => (
              <>
                <h4 className="console-label">{ask ? "Question" : "Task"}</h4>
                <LongText text={row.request} />
                <h4 className="console-label">Context</h4>
                {row.context.trim() ? <LongText text={row.context} /> : <p className="console-caption">(none given)</p>}
              </>
            )}
          </Expandable>
          {children && (
            <ol className="console-rows console-nested" aria-label={`${labels.agent(row.to)}'s steps`}>
              {children}
            </ol>
          )}
          {row.error !== null && <p className="console-error">{row.error}</p>}
          {row.output !== null && row.output !== "" && (
            <Expandable
              className="console-row console-row--answer"
              summary={
                <>
                  <span className="console-tag console-tag--output">Answer</span>
                  <span className="console-preview">{previewMarkdown(row.output)}</span>
                </>
              }
            >
              {() => <Markdown text={row.output ?? ""} />}
            </Expandable>
          )}
        </div>
      )}
    </details>
  );
}

/** The crew's plan: one collapsible entry per task, and the planner's trouble when it had some. */
export function PlanRowView({ row, ctx }: { row: PlanRow; ctx: RowContext }) {
  const count = row.plans.length;
  const summary = (
    <>
      <span className="console-tag console-tag--task">Plan</span>
      <span className="console-meta">
        {count} {count === 1 ? "task" : "tasks"} planned
      </span>
      {row.warning !== null && <span className="badge console-badge console-badge--warn">incomplete</span>}
    </>
  );
  return (
    <Expandable className="console-row console-row--plan" summary={summary}>
      {() => (
        <>
          {row.warning !== null && <p className="console-caption">{row.warning}</p>}
          {row.plans.map((p) => (
            <details key={p.taskId} className="console-plan">
              <summary>{ctx.labels.task(p.taskId)}</summary>
              <Markdown text={p.plan} />
            </details>
          ))}
        </>
      )}
    </Expandable>
  );
}
