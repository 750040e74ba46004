import { useMemo } from "react";
import { MANAGER_AGENT_ID } from "../../engine/events";
import type { Crew } from "../../model";
import { type DelegationView, delegationsOf, type RunView } from "../../store";
import { formatMs, preview } from "../console/format";
import { Markdown } from "../console/Markdown";
import "./nodeProcess.css";

/** A task's plan and its condition's verdict in the shown run, when it has them. */
export function TaskProcessDetails({ view, id }: { view: RunView; id: string }) {
  const plan = view.plans[id];
  const condition = view.conditions[id];
  return (
    <>
      {condition && (
        <p className={`node-run__condition node-run__condition--${condition.passed ? "met" : "unmet"}`}>
          Condition {condition.passed ? "met" : "not met"} ({condition.kind === "rule" ? "rule" : "JSON path"}): {condition.reason}
        </p>
      )}
      {plan !== undefined && (
        <details className="node-run__block">
          <summary>Plan</summary>
          <Markdown text={plan} />
        </details>
      )}
    </>
  );
}

/** The delegations an agent (or the manager) gave and received in the shown run. */
export function AgentDelegations({ view, crew, id }: { view: RunView; crew: Crew; id: string }) {
  const { given, received } = useMemo(() => delegationsOf(view, id), [view, id]);
  const name = (agentId: string) =>
    crew.agents.find((a) => a.id === agentId)?.role.trim() ||
    (view.manager?.agentId === agentId ? view.manager.role : agentId === MANAGER_AGENT_ID ? "Crew Manager" : agentId);
  if (given.length === 0 && received.length === 0) return null;
  return (
    <>
      {given.length > 0 && (
        <details className="node-run__block" open>
          <summary>Handed to coworkers ({given.length})</summary>
          <ol className="node-run__delegations">
            {given.map((x) => (
              <DelegationItem key={x.id} item={x} line={`${x.kind === "ask" ? "Asked" : "To"} ${name(x.to)}`} />
            ))}
          </ol>
        </details>
      )}
      {received.length > 0 && (
        <details className="node-run__block" open>
          <summary>Worked for others ({received.length})</summary>
          <ol className="node-run__delegations">
            {received.map((x) => (
              <DelegationItem key={x.id} item={x} line={`${x.kind === "ask" ? "Question from" : "For"} ${name(x.from)}`} />
            ))}
          </ol>
        </details>
      )}
    </>
  );
}

function DelegationItem({ item, line }: { item: DelegationView; line: string }) {
  const state = item.end === undefined ? "running" : item.error !== undefined ? "failed" : formatMs(item.end - item.start);
  return (
    <li>
      <details className="node-run__delegation" data-delegation={item.id}>
        <summary>
          <strong>{line}</strong>: {preview(item.request, 80)}{" "}
          <span className={`node-run__state${item.error !== undefined ? " is-error" : ""}`}>{state}</span>
        </summary>
        <pre className="node-run__pre">{item.request}</pre>
        {item.error !== undefined && <p className="run-panel__error">{item.error}</p>}
        {item.output ? <Markdown text={item.output} /> : item.end === undefined && <p className="panel-note">Working on it…</p>}
      </details>
    </li>
  );
}
