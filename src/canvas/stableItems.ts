import { useRef } from "react";

/** True when two plain values (numbers, strings, arrays, plain objects) hold the same data; functions by identity. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key], right[key]));
}

/**
 * Hands back the previous object for every item (by id) whose data did not change, and the previous list when none
 * did. React Flow keeps its internal node or edge, and skips re-rendering it, only for the very same object: rebuilding
 * them all on a click re-rendered every node and edge of a big crew to move one selection mark.
 */
export function reuseItems<T extends { id: string }>(previous: readonly T[], next: readonly T[]): readonly T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  let changed = previous.length !== next.length;
  const result = next.map((item, i) => {
    const old = before.get(item.id);
    const kept = old && sameValue(old, item) ? old : item;
    if (kept !== previous[i]) changed = true;
    return kept;
  });
  return changed ? result : previous;
}

/** `reuseItems` against what this hook returned last render. */
export function useStableItems<T extends { id: string }>(next: readonly T[]): T[] {
  const last = useRef<readonly T[]>([]);
  last.current = reuseItems(last.current, next);
  return last.current as T[];
}
