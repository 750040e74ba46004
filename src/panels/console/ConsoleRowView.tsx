import { memo, type ReactNode, useState } from "react";
import type { ConsoleLabels } from "./consoleLabels";
import type { CallState, ConsoleRow, LineRow, LlmRow, OutputRow, ToolRow } from "./consoleTypes";
import { clip, formatCount, formatJson, formatMs, preview } from "./format";
import { Markdown } from "./Markdown";

/** What every row view needs besides its row. */
export interface RowContext {
  labels: ConsoleLabels;
  onSelectNode?: ((id: string) => void) | undefined;
}

/**
 * An expandable row: a <details> whose body is only built once it is opened, so a long log of closed rows stays
 * cheap even when their content is large or still streaming.
 */
function Expandable({ className, summary, children }: { className: string; summary: ReactNode; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="console-summary">{summary}</summary>
      {open && <div className="console-body">{children()}</div>}
    </details>
  );
}

/** A node name that selects the node on the canvas when it is one and a handler is given. */
export function NodeName({ id, label, ctx, className }: { id: string; label: string; ctx: RowContext; className: string }) {
  const { onSelectNode } = ctx;
  if (!onSelectNode || !ctx.labels.isNode(id)) return <span className={className}>{label}</span>;
  return (
    <button type="button" className={`console-node ${className}`} title={`Select ${label} on the canvas`} onClick={() => onSelectNode(id)}>
      {label}
    </button>
  );
}

function StateBadge({ state }: { state: CallState }) {
  if (state === "done") return null;
  return <span className={`badge console-badge console-badge--${state}`}>{state === "running" ? "running…" : "stopped"}</span>;
}

function Tokens({ usage }: { usage: NonNullable<LlmRow["usage"]> }) {
  return (
    <span
      className="console-meta"
      title={`${formatCount(usage.promptTokens)} prompt + ${formatCount(usage.completionTokens)} completion tokens`}
    >
      {formatCount(usage.promptTokens)} → {formatCount(usage.completionTokens)} tok
      {usage.estimated && (
        <span className="badge console-badge" title="The endpoint reported no usage, so these counts are estimated">
          estimated
        </span>
      )}
    </span>
  );
}

function LlmRowView({ row }: { row: LlmRow }) {
  const summary = (
    <>
      <span className="console-tag console-tag--llm">LLM</span>
      <span className="console-name">{row.model}</span>
      {row.durationMs !== null && <span className="console-meta">{formatMs(row.durationMs)}</span>}
      {row.usage && <Tokens usage={row.usage} />}
      {row.attempts > 1 && <span className="badge console-badge console-badge--warn">{row.attempts} attempts</span>}
      <StateBadge state={row.state} />
      <span className="console-preview">
        {row.toolCalls.length ? `→ ${row.toolCalls.map((t) => t.name).join(", ")}` : preview(row.content)}
      </span>
    </>
  );
  return (
    <Expandable className="console-row console-row--llm" summary={summary}>
      {() => (
        <>
          <p className="console-caption">
            {row.provider} · {row.messages} messages · {row.tools} tools offered
          </p>
          {row.content ? (
            <Markdown text={row.content} />
          ) : (
            <p className="console-caption">{row.state === "running" ? "Waiting for the first token…" : "No text in this reply."}</p>
          )}
          {row.toolCalls.length > 0 && (
            <ul className="console-calls" aria-label="Tool calls">
              {row.toolCalls.map((call, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a reply's tool calls never change order once it has arrived
                <li key={i}>
                  <span className="console-name">{call.name}</span>
                  <pre className="console-pre">{clip(prettyArguments(call.arguments))}</pre>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Expandable>
  );
}

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function ToolRowView({ row, ctx }: { row: ToolRow; ctx: RowContext }) {
  const node = ctx.labels.toolNode(row.tool);
  const summary = (
    <>
      <span className="console-tag console-tag--tool">Tool</span>
      <span className="console-name">{row.tool}</span>
      {row.durationMs !== null && <span className="console-meta">{formatMs(row.durationMs)}</span>}
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
      <span className="console-tag console-tag--task">Output</span>
      <span className="console-meta">
        {formatCount(usage.totalTokens)} tok · {usage.requests} requests{usage.estimated ? " · estimated" : ""}
      </span>
      <span className="console-preview">{preview(row.output.raw)}</span>
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
  const className = `console-line console-line--${row.tone}`;
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
      return <LlmRowView row={row} />;
    case "tool":
      return <ToolRowView row={row} ctx={ctx} />;
    case "output":
      return <OutputRowView row={row} />;
    case "line":
      return <LineRowView row={row} />;
  }
});
