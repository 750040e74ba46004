import type { CrewRepository, EndpointRepository, RunRepository } from "../model/repository";
import { CREWDECK_DB_NAME, CrewDeckDb } from "./CrewDeckDb";
import { DexieCrewRepository } from "./DexieCrewRepository";
import { DexieEndpointRepository } from "./DexieEndpointRepository";
import { DexieRunRepository } from "./DexieRunRepository";

export {
  CREWDECK_DB_NAME,
  CREWDECK_SCHEMA,
  CrewDeckDb,
  type MetaRow,
  type SchemaStep,
  type StoredCrew,
  type StoredRunEvent,
} from "./CrewDeckDb";
export { DexieCrewRepository } from "./DexieCrewRepository";
export { DexieEndpointRepository } from "./DexieEndpointRepository";
export { DexieRunRepository } from "./DexieRunRepository";

/** The app's repositories sharing one database connection. */
export interface CrewDeckStorage {
  db: CrewDeckDb;
  crews: CrewRepository;
  endpoints: EndpointRepository;
  runs: RunRepository;
}

/** Opens IndexedDB database `name` once and returns the crew, endpoint and run repositories on that one connection. */
export function openCrewDeck(name = CREWDECK_DB_NAME): CrewDeckStorage {
  const db = new CrewDeckDb(name);
  return { db, crews: new DexieCrewRepository(db), endpoints: new DexieEndpointRepository(db), runs: new DexieRunRepository(db) };
}

/** The app's crew repository: IndexedDB database `name` (one per test when tests pass their own). */
export function createCrewRepository(name = CREWDECK_DB_NAME): CrewRepository {
  return new DexieCrewRepository(new CrewDeckDb(name));
}
