import { DexieKnowledgeRepository } from "../memory/knowledge/DexieKnowledgeRepository";
import { workerPreparer } from "../memory/knowledge/workerPreparer";
import type { KnowledgeRepository } from "../model";
import type { CrewDeckDb } from "../persistence";

/** The app's knowledge sources: parsed in a worker per source, stored in the app's database, quota from the browser. */
export function knowledgeRepository(db: CrewDeckDb): KnowledgeRepository {
  return new DexieKnowledgeRepository(db, {
    prepare: workerPreparer,
    ...(navigator.storage?.estimate ? { estimate: () => navigator.storage.estimate() } : {}),
  });
}
