import { z } from "zod";
import { defineTool } from "./builtinTool";
import { normalizeRunPath } from "./runPath";

const DEFAULT_MAX_CHARS = 20_000;
// A long listing in an error would drown the one name the agent was looking for.
const MAX_LISTED = 50;

const pathArg = z.string().min(1, "must not be empty").describe("Path in this run's files, relative, e.g. notes/summary.md.");

function resolvePath(tool: string, raw: string): string {
  try {
    return normalizeRunPath(raw);
  } catch (error) {
    throw new Error(`${tool}: ${(error as Error).message}`);
  }
}

/** The read_file tool: reads a file of the run's virtual file space. */
export const readFileTool = defineTool({
  name: "read_file",
  args: z.object({ path: pathArg }),
  config: z.object({ maxChars: z.number().int("must be a whole number").positive("must be positive").optional() }),
  example: { path: "notes/summary.md" },
  run({ path }, { config, context }) {
    const normalized = resolvePath("read_file", path);
    const content = context.files.read(normalized);
    if (content === undefined) {
      const existing = context.files.list();
      const listing =
        existing.length === 0
          ? "no files have been written in this run yet"
          : `the files are: ${existing.slice(0, MAX_LISTED).join(", ")}${existing.length > MAX_LISTED ? ` and ${existing.length - MAX_LISTED} more` : ""}`;
      throw new Error(`read_file: there is no file '${normalized}'; ${listing}`);
    }
    if (content === "") return `(${normalized} is empty)`;
    const maxChars = config.maxChars ?? DEFAULT_MAX_CHARS;
    if (content.length <= maxChars) return content;
    return `${content.slice(0, maxChars)}\n\n[cut: showing the first ${maxChars} of ${content.length} characters]`;
  },
});

/** The write_file tool: creates or replaces a file in the run's virtual file space. */
export const writeFileTool = defineTool({
  name: "write_file",
  args: z.object({
    path: pathArg,
    content: z.string().describe("The full text of the file; an existing file is replaced."),
  }),
  config: z.object({}),
  example: { path: "notes/summary.md", content: "# Summary\n..." },
  run({ path, content }, { context }) {
    const normalized = resolvePath("write_file", path);
    const replaced = context.files.read(normalized) !== undefined;
    context.files.write(normalized, content);
    return `Wrote ${content.length} characters to ${normalized}${replaced ? " (replaced the previous content)" : ""}.`;
  },
});
