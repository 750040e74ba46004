import type { KnowledgeType } from "./memoryRecords";

/** The knowledge type a file name stands for, or null when it is not one crewdeck reads. */
export function knowledgeTypeOf(fileName: string): Exclude<KnowledgeType, "text"> | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === "txt" || ext === "text") return "txt";
  if (ext === "md" || ext === "markdown") return "md";
  if (ext === "csv" || ext === "json" || ext === "pdf") return ext;
  return null;
}

/** File types a knowledge source can be made from, for a file input's `accept`. */
export const KNOWLEDGE_FILE_ACCEPT = ".txt,.text,.md,.markdown,.csv,.json,.pdf";
