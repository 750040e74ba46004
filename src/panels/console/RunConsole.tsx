import { useCallback, useMemo, useRef, useState } from "react";
import type { RunEvent } from "../../engine/events";
import type { Crew } from "../../model";
import { ConsoleFilters, type FilterOption } from "./ConsoleFilters";
import { NodeName, type RowContext } from "./ConsoleParts";
import { ConsoleRowView, ConsoleTree } from "./ConsoleRowView";
import { filterRows, groupRows, nestRows } from "./consoleBlocks";
import { formatUsd, type PriceOf, type RunCost, runCost, useStablePrices } from "./consoleCost";
import { consoleLabels } from "./consoleLabels";
import { CONSOLE_KINDS, type ConsoleFilter, type ConsoleRow, type ConsoleSection, type RunFooter, type RunHeader } from "./consoleTypes";
import { formatCount, formatMs } from "./format";
import { useConsoleModel } from "./useConsoleModel";
// Frame first, then rows, then opened rows: later files refine the earlier ones.
import "./console.css";
import "./consoleRows.css";
import "./consoleBody.css";

/** How many rows the console renders at first, and how many more each "Show earlier" adds. */
export const CONSOLE_PAGE = 500;

const SECTION_STATE = { running: "running", completed: "done", failed: "failed", skipped: "skipped", stopped: "stopped" } as const;
const END_STATUS = { completed: "Completed", failed: "Failed", cancelled: "Cancelled" } as const;

/**
 * The run's event log, readable: a section per task, one row per model or tool call, compact lines for the rest.
 * With `priceOf` (USD per million tokens of a model) each model call shows its cost and the footer the run's total.
 */
export function RunConsole({
  events,
  crew,
  onSelectNode,
  priceOf,
}: {
  events: readonly RunEvent[];
  crew: Crew;
  onSelectNode?: (id: string) => void;
  priceOf?: PriceOf;
}) {
  const labels = useMemo(() => consoleLabels(crew), [crew]);
  const model = useConsoleModel(events, crew);
  const [filter, setFilter] = useState<ConsoleFilter>(() => ({ taskId: null, agentId: null, kinds: new Set(CONSOLE_KINDS) }));
  const [limit, setLimit] = useState(CONSOLE_PAGE);
  // The latest handler behind a stable function, so memoised rows do not re-render when the parent passes a new one.
  const selectRef = useRef(onSelectNode);
  selectRef.current = onSelectNode;
  const select = useCallback((id: string) => selectRef.current?.(id), []);
  const selectable = onSelectNode !== undefined;
  const prices = useStablePrices(model.models, priceOf);
  const ctx = useMemo<RowContext>(
    () => ({ labels, ...(selectable ? { onSelectNode: select } : {}), ...(prices ? { priceOf: prices } : {}) }),
    [labels, select, selectable, prices],
  );
  const cost = useMemo(() => (prices && model.footer ? runCost(model.rows, prices) : null), [prices, model.footer, model.rows]);

  const rows = useMemo(() => filterRows(model.rows, filter), [model.rows, filter]);
  const hidden = Math.max(0, rows.length - limit);
  const blocks = useMemo(() => groupRows(hidden ? rows.slice(hidden) : rows, model.sections), [rows, hidden, model.sections]);
  const taskOptions = useMemo(
    () => options([...crew.tasks.map((t) => t.id), ...model.taskIds], labels.task),
    [crew, model.taskIds, labels],
  );
  const agentOptions = useMemo(
    () => options([...crew.agents.map((a) => a.id), ...model.agentIds], labels.agent),
    [crew, model.agentIds, labels],
  );

  if (events.length === 0) return <p className="panel-empty">No run yet: press Run</p>;
  return (
    <section className="console" aria-label="Console">
      {/* The sticky wrapper is a scroll-state container, so the bar can tell when it is stuck (see console.css). */}
      <div className="console-bar">
        <ConsoleFilters filter={filter} tasks={taskOptions} agents={agentOptions} onChange={setFilter} />
      </div>
      <ol className="console-log" aria-label="Run console">
        {model.header && <HeaderView header={model.header} running={model.footer === null} />}
        {hidden > 0 && (
          <li className="console-more">
            <button type="button" className="button button--small" onClick={() => setLimit((n) => n + CONSOLE_PAGE)}>
              Show earlier ({formatCount(hidden)} more)
            </button>
          </li>
        )}
        {blocks.map((block) =>
          block.type === "section" ? (
            <SectionView key={block.key} section={block.section} rows={block.rows} ctx={ctx} />
          ) : (
            <li key={block.key} className="console-item">
              <ConsoleRowView row={block.row} ctx={ctx} />
            </li>
          ),
        )}
        {rows.length === 0 && model.rows.length > 0 && <li className="console-line panel-empty">Nothing matches these filters.</li>}
        {model.footer && <FooterView footer={model.footer} cost={cost} />}
      </ol>
    </section>
  );
}

function options(ids: readonly string[], label: (id: string) => string): FilterOption[] {
  return [...new Set(ids)].map((id) => ({ id, label: label(id) }));
}

function SectionView({ section, rows, ctx }: { section: ConsoleSection; rows: readonly ConsoleRow[]; ctx: RowContext }) {
  const { labels } = ctx;
  const nodes = useMemo(() => nestRows(rows), [rows]);
  return (
    <li className={`console-section console-section--${section.state}`} data-task={section.taskId}>
      <div className="console-section__head">
        <span className="console-tag console-tag--task">Task</span>
        <NodeName id={section.taskId} label={labels.task(section.taskId)} ctx={ctx} className="console-section__title" />
        {section.agentId && <NodeName id={section.agentId} label={labels.agent(section.agentId)} ctx={ctx} className="console-agent" />}
        {section.attempt > 1 && <span className="badge console-badge">attempt {section.attempt}</span>}
        <span className={`badge console-badge console-badge--${section.state}`}>{SECTION_STATE[section.state]}</span>
      </div>
      <ol className="console-rows" aria-label={labels.task(section.taskId)}>
        {nodes.map((node) => (
          <li key={node.row.key} className="console-item">
            <ConsoleTree node={node} ctx={ctx} />
          </li>
        ))}
      </ol>
    </li>
  );
}

function HeaderView({ header, running }: { header: RunHeader; running: boolean }) {
  const inputs = Object.entries(header.inputs);
  return (
    <li className="console-header">
      <strong>{header.crew}</strong>
      <span className="console-meta">
        {header.process} · {header.tasks.length} {header.tasks.length === 1 ? "task" : "tasks"}
      </span>
      {running && <span className="badge console-badge console-badge--running">running…</span>}
      {inputs.length > 0 && (
        <dl className="console-inputs">
          {inputs.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

function FooterView({ footer, cost }: { footer: RunFooter; cost: RunCost | null }) {
  const { usage } = footer;
  return (
    <li className={`console-footer console-footer--${footer.status}`} data-status={footer.status}>
      <strong>{END_STATUS[footer.status]}</strong>
      <span className="console-meta">
        {formatMs(footer.durationMs)} · {formatCount(usage.totalTokens)} tokens ({formatCount(usage.promptTokens)} prompt,{" "}
        {formatCount(usage.completionTokens)} completion) · {usage.requests} {usage.requests === 1 ? "request" : "requests"}
      </span>
      {cost && <CostView cost={cost} />}
      {usage.estimated && (
        <span className="badge console-badge" title="Some endpoints reported no usage, so part of the counts is estimated">
          estimated
        </span>
      )}
      {footer.message && <p className={footer.status === "failed" ? "console-error" : "console-caption"}>{footer.message}</p>}
    </li>
  );
}

function CostView({ cost }: { cost: RunCost }) {
  if (cost.unpriced.length > 0) {
    const names = cost.unpriced.join(", ");
    return (
      <span className="console-meta" title="Add a price for it to see what the run cost">
        cost: unpriced {cost.unpriced.length === 1 ? "model" : "models"} {names}
      </span>
    );
  }
  return (
    <span
      className="console-cost console-cost--total"
      title={cost.estimated ? "Partly from estimated token counts" : "Total cost of the run's model calls"}
    >
      <span className="console-meta">cost:</span> {cost.estimated ? "~" : ""}
      {formatUsd(cost.usd)}
    </span>
  );
}
