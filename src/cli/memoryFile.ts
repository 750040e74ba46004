import { readFile, rename, writeFile } from "node:fs/promises";
import { type Embedder, MemoryBank } from "../memory/MemoryBank";
import { type MemoryRecord, memoryExport, parseMemoryExport } from "../model";

/**
 * A crew's memory in a JSON file (--memory), the same format as the app's memory export, so headless runs remember
 * across runs and memories move between the app and the command line. A missing file starts empty; the whole file is
 * rewritten (through a temporary file, so a crash never leaves half of it) after each save. With an `embedder` (the
 * crew's embedding model) memories are also searched by meaning, and their vectors kept in the file.
 */
export async function openMemoryFile(file: string, crewName: string, embedder?: Embedder): Promise<MemoryBank> {
  const crewId = `cli:${crewName}`;
  const records = new Map<string, MemoryRecord>();
  let text: string | null = null;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read memory file ${file}: ${(error as Error).message}`);
  }
  if (text?.trim()) {
    const crew = (JSON.parse(text) as { crew?: unknown })?.crew;
    for (const record of parseMemoryExport(text, crewId, `memory file ${file}`)) records.set(record.id, record);
    if (typeof crew === "string" && crew !== crewName)
      throw new Error(`memory file ${file} holds the memories of crew "${crew}", not "${crewName}": give each crew its own file`);
  }
  let writing = Promise.resolve();
  const bank = new MemoryBank(crewId, {
    ...(embedder ? { embedder } : {}),
    backend: {
      load: async () => [...records.values()],
      put: (changed) => {
        for (const record of changed) records.set(record.id, record);
        const body = `${JSON.stringify(memoryExport(crewName, [...records.values()], Date.now()), null, 2)}\n`;
        // Runs of a batch save at the same time: one write after another, each with everything known so far.
        writing = writing.then(async () => {
          await writeFile(`${file}.tmp`, body, "utf8");
          await rename(`${file}.tmp`, file);
        });
        return writing.catch((error: Error) => {
          throw new Error(`cannot write memory file ${file}: ${error.message}`);
        });
      },
    },
  });
  await bank.ready();
  return bank;
}
