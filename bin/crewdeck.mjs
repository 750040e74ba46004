#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so a fresh checkout needs no build step.
import { register } from "tsx/esm/api";

register();
const { runFromProcess } = await import("../src/cli/process.ts");
await runFromProcess();
