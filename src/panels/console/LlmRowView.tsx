import type { ChatMessage } from "../../engine/ports";
import { Expandable, LongText, type RowContext, StateBadge } from "./ConsoleParts";
import { callCost, formatUsd } from "./consoleCost";
import type { LlmRow } from "./consoleTypes";
import { clip, formatCount, formatMs, previewMarkdown } from "./format";
import { Markdown } from "./Markdown";

const NO_CONTENT = {
  running: "Waiting for the first token…",
  done: "No text in this reply.",
  stopped: "No answer: its task or the run ended first.",
} as const;
const ROLE_LABELS: Record<ChatMessage["role"], string> = { system: "System", user: "User", assistant: "Assistant", tool: "Tool result" };

function Tokens({ usage }: { usage: NonNullable<LlmRow["usage"]> }) {
  return (
    <span
      className="console-meta console-tokens"
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

function ToolCallList({ calls }: { calls: readonly { name: string; arguments: string }[] }) {
  return (
    <ul className="console-calls" aria-label="Tool calls">
      {calls.map((call, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a message's tool calls never change order once it exists
        <li key={i}>
          <span className="console-name">{call.name}</span>
          <pre className="console-pre">{clip(prettyArguments(call.arguments))}</pre>
        </li>
      ))}
    </ul>
  );
}

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function MessageView({ message, index }: { message: ChatMessage; index: number }) {
  const calls = message.toolCalls ?? [];
  return (
    <li className={`console-msg console-msg--${message.role}`}>
      <div className="console-msg__head">
        <span className="console-role">{ROLE_LABELS[message.role]}</span>
        {message.toolCallId && <span className="console-meta console-mono">{message.toolCallId}</span>}
        <span className="console-meta console-msg__index" title="Position in the request">
          #{index + 1}
        </span>
      </div>
      {message.content ? <LongText text={message.content} /> : calls.length === 0 && <p className="console-caption">(empty)</p>}
      {calls.length > 0 && <ToolCallList calls={calls} />}
    </li>
  );
}

function RequestView({ row }: { row: LlmRow }) {
  const { prompt, promptFrom } = row;
  if (prompt.length === 0 && promptFrom === 0) return <p className="console-caption">This log did not record the request.</p>;
  return (
    <>
      {promptFrom > 0 && (
        <p className="console-caption console-earlier">
          + {promptFrom} earlier {promptFrom === 1 ? "message" : "messages"} of this conversation (shown in the previous calls)
        </p>
      )}
      <ol className="console-msgs" aria-label="Request messages">
        {prompt.map((message, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a logged request never changes
          <MessageView key={i} message={message} index={promptFrom + i} />
        ))}
      </ol>
    </>
  );
}

/** A model call: the model, time, tokens and cost on one line; the request's new messages and the response when opened. */
export function LlmRowView({ row, ctx }: { row: LlmRow; ctx: RowContext }) {
  const cost = callCost(row, ctx.priceOf);
  const price = cost !== null ? ctx.priceOf?.(row.model) : undefined;
  const summary = (
    <>
      <span className="console-tag console-tag--llm">LLM</span>
      <span className="console-name">{row.model}</span>
      {row.durationMs !== null && <span className="console-meta console-time">{formatMs(row.durationMs)}</span>}
      {row.usage && <Tokens usage={row.usage} />}
      {cost !== null && price && (
        <span className="console-meta console-cost" title={`At $${price.input} in / $${price.output} out per million tokens`}>
          {row.usage?.estimated ? "~" : ""}
          {formatUsd(cost)}
        </span>
      )}
      {row.attempts > 1 && <span className="badge console-badge console-badge--warn">{row.attempts} attempts</span>}
      <StateBadge state={row.state} />
      <span className="console-preview">
        {row.toolCalls.length ? `→ ${row.toolCalls.map((t) => t.name).join(", ")}` : previewMarkdown(row.content)}
      </span>
    </>
  );
  return (
    <Expandable className="console-row console-row--llm" summary={summary}>
      {() => (
        <>
          <p className="console-caption">
            {row.provider} · {row.messages} {row.messages === 1 ? "message" : "messages"} · {row.tools} {row.tools === 1 ? "tool" : "tools"}{" "}
            offered
          </p>
          <h4 className="console-label">Request</h4>
          <RequestView row={row} />
          <h4 className="console-label">Response</h4>
          {row.content ? <Markdown text={row.content} /> : <p className="console-caption">{NO_CONTENT[row.state]}</p>}
          {row.toolCalls.length > 0 && <ToolCallList calls={row.toolCalls} />}
        </>
      )}
    </Expandable>
  );
}
