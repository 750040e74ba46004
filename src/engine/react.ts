import { jsonrepair } from "jsonrepair";

/** One parsed step of the text protocol: a final answer, a tool action, or why the text could not be read. */
export type ReactStep =
  | { kind: "final"; answer: string; thought?: string }
  | { kind: "action"; tool: string; input: unknown; rawInput: string; thought?: string }
  | { kind: "error"; error: string; thought?: string };

/** Format rules for models without native tool calling; kept short because they ride on every call. */
export const REACT_FORMAT = `Use this format:
Thought: what to do next
Action: the tool name, exactly as listed
Action Input: the arguments as a JSON object
Then stop and wait for the Observation. When you know the answer, write:
Thought: I know the final answer
Final Answer: the complete answer`;

const FINAL = /Final Answer\s*:/gi;
const ACTION = /Action\s*:\s*(.+)/i;
const ACTION_INPUT = /Action\s*Input\s*:\s*([\s\S]*)/i;
const THOUGHT = /Thought\s*:\s*([\s\S]*?)(?=\n\s*(?:Action|Final Answer)\s*:|$)/i;

/**
 * Reads a model reply in the Thought/Action/Action Input/Final Answer protocol, tolerantly: a Final Answer wins
 * even when an Action is also present (the text after its last occurrence), and Action Input is repaired JSON.
 */
export function parseReact(text: string): ReactStep {
  const thought = THOUGHT.exec(text)?.[1]?.trim() || undefined;
  const finals = [...text.matchAll(FINAL)];
  const last = finals.at(-1);
  if (last?.index !== undefined) {
    const answer = text.slice(last.index + last[0].length).trim();
    if (answer) return { kind: "final", answer, ...(thought ? { thought } : {}) };
  }
  const action = ACTION.exec(text);
  if (!action) return { kind: "error", error: "no 'Action:' and no 'Final Answer:' found", ...(thought ? { thought } : {}) };
  const tool = (action[1] ?? "").trim().replace(/^[`"'[]+|[`"'\]]+$/g, "");
  const inputMatch = ACTION_INPUT.exec(text.slice(action.index));
  if (!inputMatch) return { kind: "error", error: `'Action: ${tool}' has no 'Action Input:' line`, ...(thought ? { thought } : {}) };
  const rawInput = stripFence((inputMatch[1] ?? "").split(/\n\s*Observation\s*:/i)[0] ?? "").trim();
  return { kind: "action", tool, input: parseLooseJson(rawInput), rawInput, ...(thought ? { thought } : {}) };
}

function stripFence(text: string): string {
  return text.replace(/^\s*```(?:json)?\s*/i, "").replace(/\s*```\s*$/, "");
}

/** Parses JSON a model wrote, repairing quotes, trailing commas and Python literals; returns the raw text when hopeless. */
export function parseLooseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return {};
  try {
    return JSON.parse(trimmed);
  } catch {
    // fall through to repair
  }
  const start = trimmed.search(/[[{]/);
  const candidate = start > 0 ? trimmed.slice(start) : trimmed;
  try {
    return JSON.parse(jsonrepair(candidate));
  } catch {
    return trimmed;
  }
}

/** Finds the tool a model meant: exact name, then ignoring case and punctuation, then a close spelling. */
export function matchToolName(wanted: string, names: readonly string[]): string | undefined {
  if (names.includes(wanted)) return wanted;
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const target = norm(wanted);
  const loose = names.find((n) => norm(n) === target);
  if (loose) return loose;
  let best: { name: string; score: number } | undefined;
  for (const name of names) {
    const score = similarity(norm(name), target);
    if (score > (best?.score ?? 0)) best = { name, score };
  }
  return best && best.score >= 0.85 ? best.name : undefined;
}

/** 1 − normalised Levenshtein distance. */
function similarity(a: string, b: string): number {
  if (!a.length && !b.length) return 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((row[j - 1] as number) + 1, (prev[j] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = row;
  }
  return 1 - (prev[b.length] as number) / Math.max(a.length, b.length);
}

/** Canonical JSON (sorted keys) so equal arguments give equal cache keys whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
