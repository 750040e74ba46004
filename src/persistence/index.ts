import type { CrewRepository } from "../model/repository";
import { CREWDECK_DB_NAME, CrewDeckDb } from "./CrewDeckDb";
import { DexieCrewRepository } from "./DexieCrewRepository";

export { CREWDECK_DB_NAME, CREWDECK_SCHEMA, CrewDeckDb, type MetaRow, type SchemaStep, type StoredCrew } from "./CrewDeckDb";
export { DexieCrewRepository } from "./DexieCrewRepository";

/** The app's crew repository: IndexedDB database `name` (one per test when tests pass their own). */
export function createCrewRepository(name = CREWDECK_DB_NAME): CrewRepository {
  return new DexieCrewRepository(new CrewDeckDb(name));
}
