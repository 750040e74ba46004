/** Tool results of one run keyed by tool id and canonical arguments; only successes are ever stored. */
export class ToolCache {
  private readonly entries = new Map<string, string>();
  /** A cached result, or undefined. */
  get(key: string): string | undefined {
    return this.entries.get(key);
  }
  /** Stores a successful result. */
  set(key: string, value: string): void {
    this.entries.set(key, value);
  }
  /** How many results are stored. */
  get size(): number {
    return this.entries.size;
  }
}
