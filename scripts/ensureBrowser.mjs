#!/usr/bin/env node
// Finds a Chromium for the e2e tests, installing Debian's package when there is none and we may.
// Playwright's own browser download cannot be used on the machines this project is built on.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function findChromium() {
  const fromEnv = process.env.CREWDECK_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function install() {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!root || !hasApt) {
    console.error(
      "e2e: no Chromium found. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) " +
        "or point CREWDECK_CHROMIUM at a Chromium or Chrome executable.",
    );
    process.exit(1);
  }
  console.log("e2e: installing Debian's chromium package (one time)…");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let found = findChromium();
  if (!found && !process.env.CREWDECK_CHROMIUM) {
    install();
    found = findChromium();
  }
  if (!found) {
    console.error(`e2e: Chromium not found at ${process.env.CREWDECK_CHROMIUM ?? CANDIDATES.join(", ")}`);
    process.exit(1);
  }
  console.log(`e2e: using ${found}`);
}
