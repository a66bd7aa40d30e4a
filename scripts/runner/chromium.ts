/**
 * Finding and starting the headless Chromium that draws plotly pictures (plotly_pictures.ts) and
 * drives JupyterLab in the browser test. The kit uses the system's Chromium (Debian:
 * `apt-get install chromium`) through playwright-core, which downloads no browser of its own.
 */
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

/** Where Chromium is looked for, after the CHROMIUM_PATH environment variable. */
const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** Headless, no sandbox (containers run as root), and nothing that reaches the network. */
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** The Chromium executable: $CHROMIUM_PATH if set, else the first of the usual places that exists. */
export function findChromium(): string | undefined {
  const fromEnvironment = process.env["CHROMIUM_PATH"];
  if (fromEnvironment !== undefined && fromEnvironment !== "") return fromEnvironment;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** What to tell someone whose machine has no Chromium. */
export const NO_CHROMIUM = `no Chromium found (looked at $CHROMIUM_PATH and ${CANDIDATES.slice(0, 4).join(", ")}); install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`;

/** Starts headless Chromium from `executablePath` (playwright-core is loaded only then). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath, args: LAUNCH_ARGS });
}
