import type { RunFiles } from "../engine/ports";
import { normalizeRunPath } from "./runPath";

/** The files of one run, kept in memory and exported with the run; paths are normalised so "./a.md" and "a.md" agree. */
export class RunFileSpace implements RunFiles {
  readonly #files = new Map<string, string>();

  /** Starts empty, or with the files of an exported run. */
  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [path, content] of Object.entries(initial)) this.write(path, content);
  }

  /** The content of a file, or undefined when there is none; throws for absolute or escaping paths. */
  read(path: string): string | undefined {
    return this.#files.get(checked(path));
  }

  /** Creates or replaces a file; throws for absolute or escaping paths. */
  write(path: string, content: string): void {
    this.#files.set(checked(path), content);
  }

  /** The paths of all files, sorted. */
  list(): string[] {
    return [...this.#files.keys()].sort();
  }

  /** Path → content, sorted by path, for exporting with the run. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.list().map((path) => [path, this.#files.get(path) ?? ""]));
  }
}

function checked(path: string): string {
  try {
    return normalizeRunPath(path);
  } catch (error) {
    throw new Error(`run files: ${(error as Error).message}`);
  }
}
