import { defineConfig } from "@playwright/test";
// @ts-expect-error: a plain .mjs helper shared with the npm script that installs the browser
import { findChromium } from "./scripts/ensureBrowser.mjs";

const PORT = Number(process.env.E2E_PORT ?? 4317);
// Parallel checkouts of one tree (several people or agents at once) each build into their own folder.
const OUT_DIR = process.env.E2E_OUT_DIR ? ` --outDir ${process.env.E2E_OUT_DIR}` : "";
const executablePath: string | undefined = findChromium() ?? undefined;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      // Root in a container needs --no-sandbox; the rest keeps Chromium off a network it cannot reach.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `npx vite build --logLevel warn${OUT_DIR} && npx vite preview --port ${PORT} --strictPort${OUT_DIR}`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
