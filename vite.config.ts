import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
  build: { target: "es2022", sourcemap: true },
  // ES workers keep their dynamic imports as separate chunks: web-llm (~6 MB) loads only when a run or download uses it.
  worker: { format: "es" },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "scripts/**/*.test.ts", "e2e/mockLlm/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    setupFiles: [],
  },
});
