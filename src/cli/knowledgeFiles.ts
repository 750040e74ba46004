import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ChunkIndex, knowledgeTypeOf, preparer } from "../memory/knowledge";
import { nodePdfReader } from "../memory/knowledge/pdfNode";
import type { KnowledgeChunk } from "../model";

/** Reads --knowledge files into an in-memory index of crew-wide sources, named by file name; throws naming the file. */
export async function loadKnowledgeFiles(paths: readonly string[]): Promise<{ base: ChunkIndex; summary: string }> {
  const prepare = preparer(nodePdfReader);
  const base = new ChunkIndex();
  for (const [i, path] of paths.entries()) {
    const name = basename(path);
    const type = knowledgeTypeOf(path);
    if (!type) throw new Error(`--knowledge ${path}: crewdeck reads .txt, .md, .csv, .json and .pdf files`);
    const data = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`--knowledge ${path}: cannot read the file (${error.code ?? error.message})`);
    });
    const id = `file-${i + 1}`;
    const pieces = await prepare({ name, type, data: new Uint8Array(data) }, () => {}).catch((error: Error) => {
      throw new Error(
        `--knowledge ${path}: ${error.message.startsWith(`${name}: `) ? error.message.slice(name.length + 2) : error.message}`,
      );
    });
    const chunks: KnowledgeChunk[] = pieces.map((p, index) => ({
      id: `${id}:${index}`,
      sourceId: id,
      crewId: "cli",
      agentId: null,
      index,
      ...p,
    }));
    base.add([{ id, name, agentId: null }], chunks);
  }
  return { base, summary: `knowledge: ${paths.length} file${paths.length === 1 ? "" : "s"}, ${base.size} chunks` };
}
