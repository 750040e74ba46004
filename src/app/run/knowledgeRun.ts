import type { KnowledgeBase } from "../../engine";
import { DexieKnowledgeBase } from "../../memory/knowledge/DexieKnowledgeBase";
import { CrewDeckDb } from "../../persistence";

/**
 * The run's knowledge base: the saved crew's sources in IndexedDB, or none (an unsaved crew, no sources, or a database
 * that cannot be read, which is reported as a warning and the run goes on without knowledge).
 */
export async function knowledgeForRun(
  data: { crewId: string | null; dbName?: string },
  warn: (message: string) => void,
): Promise<KnowledgeBase | undefined> {
  if (!data.crewId || !data.dbName) return undefined;
  const base = new DexieKnowledgeBase(new CrewDeckDb(data.dbName), data.crewId);
  try {
    return (await base.hasSources()) ? base : undefined;
  } catch (error) {
    warn(`Knowledge of crew ${data.crewId} could not be read; the run goes on without it: ${(error as Error).message}`);
    return undefined;
  }
}
