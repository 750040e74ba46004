/**
 * Runs a write and turns a full disk into a message a person can act on; other errors pass through unchanged.
 * `what` completes "Could not …" and should name the ids involved.
 */
export async function writeOrExplainQuota<T>(what: string, run: () => PromiseLike<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    throw new Error(
      `Could not ${what}: the browser's storage for this site is full. Nothing was lost: the last saved copy is intact ` +
        "and your open work is still in this tab. Free some space (empty the bin, clear other site data) and save again.",
      { cause: error },
    );
  }
}

// Dexie wraps the DOMException (sometimes inside an AbortError's `inner`), and Firefox has used its own name.
/** True when `error` (or an error it wraps) says the browser's storage quota is used up. */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown };
  if (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED") return true;
  return isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1);
}
