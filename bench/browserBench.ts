// Shared by the memory and knowledge benchmarks: browser code bundled with esbuild and loaded into headless Chromium
// from a routed origin, so IndexedDB is the browser's own and no server is needed.
import { type Browser, chromium, type Page } from "@playwright/test";
import { build } from "esbuild";
// @ts-expect-error: a plain .mjs helper shared with the e2e setup
import { findChromium } from "../scripts/ensureBrowser.mjs";

/** Bundles `entry` (a file beside this one) and opens a page on `origin` that runs it; close the browser when done. */
export async function openBenchPage(entry: string, origin: string): Promise<{ browser: Browser; page: Page }> {
  const bundle = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    minify: true,
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    await page.route(`${origin}/**`, (route) =>
      route.request().url().endsWith("/bench.js")
        ? route.fulfill({ contentType: "text/javascript", body: script })
        : route.fulfill({ contentType: "text/html", body: '<!doctype html><script src="/bench.js"></script>' }),
    );
    await page.goto(`${origin}/`);
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
