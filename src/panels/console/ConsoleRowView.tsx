import { memo } from "react";
import { Expandable, NodeName, type RowContext, StateBadge } from "./ConsoleParts";
import type { ConsoleNode, ConsoleRow, LineRow, OutputRow, ToolRow } from "./consoleTypes";
import { clip, formatCount, formatJson, formatMs, preview, previewMarkdown } from "./format";
import { LlmRowView } from "./LlmRowView";
import { Markdown } from "./Markdown";
import { DelegationRowView, PlanRowView } from "./ProcessRowViews";

function ToolRowView({ row, ctx }: { row: ToolRow; ctx: RowContext }) {
  const node = ctx.labels.toolNode(row.tool);
  const summary = (
    <>
      <span className="console-tag console-tag--tool">Tool</span>
      <span className="console-name">{row.tool}</span>
      {row.durationMs !== null && <span className="console-meta console-time">{formatMs(row.durationMs)}</span>}
      {row.cacheHit && <span className="badge console-badge">cache hit</span>}
      {row.repeated && <span className="badge console-badge console-badge--warn">repeated</span>}
      {row.error !== null && <span className="badge console-badge console-badge--danger">error</span>}
      <StateBadge state={row.state} />
      <span className="console-preview">{preview(row.error ?? row.output ?? formatJson(row.input).replace(/\s+/g, " "))}</span>
    </>
  );
  return (
    <Expandable className={`console-row console-row--tool${row.error !== null ? " is-error" : ""}`} summary={summary}>
      {() => (
        <>
          {node && <NodeName id={node} label={`Tool ${row.tool}`} ctx={ctx} className="console-caption" />}
          <h4 className="console-label">Input</h4>
          <pre className="console-pre">{clip(formatJson(row.input))}</pre>
          {row.error !== null && <p className="console-error">{row.error}</p>}
          <h4 className="console-label">Output</h4>
          <pre className="console-pre">{row.output === null ? "(no output yet)" : clip(row.output)}</pre>
        </>
      )}
    </Expandable>
  );
}

function OutputRowView({ row }: { row: OutputRow }) {
  const { usage, json } = row.output;
  const summary = (
    <>
      <span className="console-tag console-tag--output">Output</span>
      <span className="console-meta">
        {formatCount(usage.totalTokens)} tok · {usage.requests} {usage.requests === 1 ? "request" : "requests"}
        {usage.estimated ? " · estimated" : ""}
      </span>
      <span className="console-preview">{previewMarkdown(row.output.raw)}</span>
    </>
  );
  return (
    <Expandable className="console-row console-row--output" summary={summary}>
      {() => (
        <>
          <Markdown text={row.output.raw} />
          {json !== undefined && (
            <>
              <h4 className="console-label">JSON</h4>
              <pre className="console-pre">{clip(formatJson(json))}</pre>
            </>
          )}
        </>
      )}
    </Expandable>
  );
}

function LineRowView({ row }: { row: LineRow }) {
  const { text } = row;
  const className = `console-line console-line--${row.tone}${row.heading ? " console-line--heading" : ""}`;
  if (!row.detail) return <div className={className}>{text}</div>;
  const detail = row.detail;
  return (
    <Expandable className={className} summary={text}>
      {() => (row.markdown ? <Markdown text={detail} /> : <pre className="console-pre">{clip(detail)}</pre>)}
    </Expandable>
  );
}

/** One console row; memoised, so rows that did not change are not rendered again while a run streams. */
export const ConsoleRowView = memo(function ConsoleRowView({ row, ctx }: { row: ConsoleRow; ctx: RowContext }) {
  switch (row.type) {
    case "llm":
      return <LlmRowView row={row} ctx={ctx} />;
    case "tool":
      return <ToolRowView row={row} ctx={ctx} />;
    case "output":
      return <OutputRowView row={row} />;
    case "line":
      return <LineRowView row={row} />;
    case "plan":
      return <PlanRowView row={row} ctx={ctx} />;
    case "delegation":
      return <DelegationRowView row={row} ctx={ctx} />;
  }
});

/** A row with the rows nested under it: a delegation holds its coworker's steps; every other row stands alone. */
export function ConsoleTree({ node, ctx }: { node: ConsoleNode; ctx: RowContext }) {
  const { row, children } = node;
  if (row.type !== "delegation") return <ConsoleRowView row={row} ctx={ctx} />;
  // Always this component for a delegation, so it keeps its open state when its first nested row arrives.
  return (
    <DelegationRowView row={row} ctx={ctx}>
      {children.length > 0 &&
        children.map((child) => (
          <li key={child.row.key} className="console-item">
            <ConsoleTree node={child} ctx={ctx} />
          </li>
        ))}
    </DelegationRowView>
  );
}
