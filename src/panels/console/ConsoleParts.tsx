import { type ReactNode, useState } from "react";
import type { PriceOf } from "./consoleCost";
import type { ConsoleLabels } from "./consoleLabels";
import type { CallState } from "./consoleTypes";
import { clip, formatCount } from "./format";

/** What every row view needs besides its row. */
export interface RowContext {
  labels: ConsoleLabels;
  onSelectNode?: ((id: string) => void) | undefined;
  /** Prices of the models called (USD per million tokens); absent when the console shows no costs. */
  priceOf?: PriceOf | undefined;
}

/**
 * An expandable row: a <details> whose body is only built once it is opened, so a long log of closed rows stays
 * cheap even when their content is large or still streaming.
 */
export function Expandable({ className, summary, children }: { className: string; summary: ReactNode; children: () => ReactNode }) {
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

/** A badge for a call that is still going or was cut off; nothing once it finished. */
export function StateBadge({ state }: { state: CallState }) {
  if (state === "done") return null;
  return <span className={`badge console-badge console-badge--${state}`}>{state === "running" ? "running…" : "stopped"}</span>;
}

const LONG_CHARS = 600;
const LONG_LINES = 10;
/** What a folded long text renders: enough to fill its clamped box, never the whole of a huge prompt. */
const FOLDED_CHARS = 2_000;

/** Preformatted text; a long one starts folded to a few lines with a button to show it all, so one prompt cannot bury the log. */
export function LongText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const lines = text.split("\n").length;
  if (text.length <= LONG_CHARS && lines <= LONG_LINES) return <pre className="console-pre">{text}</pre>;
  const size = lines > LONG_LINES ? `${formatCount(lines)} lines` : `${formatCount(text.length)} characters`;
  return (
    <div className={`console-long${open ? " is-open" : ""}`}>
      <pre className="console-pre">{open ? clip(text) : text.slice(0, FOLDED_CHARS)}</pre>
      <button type="button" className="console-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Show less" : `Show all (${size})`}
      </button>
    </div>
  );
}
