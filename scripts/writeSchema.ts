import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { crewJsonSchemaText } from "./crewJsonSchema";

/** Writes public/schema/crew.schema.json from the zod schema; run with `npm run schema`. */
const target = fileURLToPath(new URL("../public/schema/crew.schema.json", import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, crewJsonSchemaText());
console.log(`wrote ${target}`);
