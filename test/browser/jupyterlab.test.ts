/**
 * Every notebook in a real JupyterLab, driven by headless Chromium as a learner would use it:
 * open the notebook, Run All, wait until every cell has run, then check what the page shows.
 * No cell printed to stderr (a failing tslab cell shows only that way), every vega-lite and plotly
 * chart is drawn by JupyterLab's own renderers with a non-zero size, and there are as many of each
 * as the committed notebook has chart outputs. A full-page screenshot of each notebook lands in
 * test-output/screenshots/. The test never saves a notebook: saves are refused in the browser.
 *
 * Slow (minutes), so not part of `vitest run`: `npm run test:browser` (add `-- -t 02-rnn` for
 * one notebook). Needs .venv (set up here with scripts/lab.sh when missing) and Chromium (see
 * scripts/runner/chromium.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLOTLY_MIME, VEGA_LITE_MIME } from "../../lib/src/plot/mime";
import { findChromium, launchChromium, NO_CHROMIUM } from "../../scripts/runner/chromium";
import { startJupyterLab, type LabServer } from "./lab_server";

const ROOT = resolve(__dirname, "..", "..");
/** The notebooks under test: notebooks/, or the folder SEQLAB_NOTEBOOKS names (inside the checkout, so that "seqlab" resolves). */
const NOTEBOOKS = resolve(ROOT, process.env["SEQLAB_NOTEBOOKS"] ?? "notebooks");
const SCREENSHOTS = join(ROOT, "test-output", "screenshots");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");

const STDERR_MIME = "application/vnd.jupyter.stderr";

/** How long one notebook may take, from opening it to its screenshot. */
const NOTEBOOK_TIMEOUT_MS = 20 * 60_000;
/** How long JupyterLab may take to open a notebook and start its kernel. */
const OPEN_TIMEOUT_MS = 180_000;
/** How long the charts may take to appear once every cell has run. */
const DRAW_TIMEOUT_MS = 60_000;
/** Browser width; the height grows to the whole notebook for the screenshot. */
const VIEWPORT = { width: 1280, height: 900 };
/** Chromium's largest screenshot is 16384 pixels high. */
const MAX_SCREENSHOT_HEIGHT = 16_000;

const notebooks = readdirSync(NOTEBOOKS)
  .filter((name) => name.endsWith(".ipynb"))
  .sort();

/** What JupyterLab's page offers the test (window.jupyterapp, with --expose-app-in-browser). */
interface LabApp {
  commands: { execute(command: string): Promise<unknown> };
  shell: { currentWidget: NotebookPanel | null; collapseLeft(): void; collapseRight(): void };
}
interface NotebookPanel {
  node: HTMLElement;
  context?: { path: string };
  sessionContext?: { session?: { kernel?: { status: string } | null } | null; shutdown(): Promise<void> };
  content?: {
    node: HTMLElement;
    widgets: CellWidget[];
    rendermime: { preferredMimeType(bundle: unknown, safe: "any" | "ensure"): string | undefined };
  };
}
interface CellWidget {
  node: HTMLElement;
  model: { type: string; executionCount?: number | null; sharedModel: { getSource(): string }; getMetadata(key: string): unknown };
  outputArea?: { model: { length: number; get(index: number): { data: unknown; trusted: boolean } } };
}
declare global {
  interface Window {
    jupyterapp?: LabApp;
  }
}

/** What the page shows after Run All. */
interface PageState {
  /** Code cells (1-based number among all cells, first source line) that have no execution count. */
  notRun: string[];
  /** stderr outputs, by cell, of cells not tagged raises-exception. */
  stderr: string[];
  /** For every output, in order, the MIME type JupyterLab chose to show from its bundle. */
  mimeTypes: string[];
  vegaLite: DrawnChart[];
  plotly: DrawnChart[];
  /** The figures (notebooks/figures/*.svg) shown in markdown cells: their file and drawn size. */
  figures: { file: string; width: number; height: number }[];
}
/** A chart's box and the box of what it drew (vega: its canvas or svg; plotly: its main svg). */
interface DrawnChart {
  width: number;
  height: number;
  drawnWidth: number;
  drawnHeight: number;
}

let lab: LabServer | undefined;
let browser: Browser | undefined;
/** Requests that would have changed a notebook on disk (refused). */
const refusedWrites: string[] = [];

beforeAll(async () => {
  const chromiumPath = findChromium();
  if (chromiumPath === undefined) throw new Error(NO_CHROMIUM);
  // tslab caches a failed module lookup for the life of a kernel: seqlab must be built first
  execFileSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-b", "lib"], { cwd: ROOT, stdio: "inherit" });
  if (!existsSync(JUPYTER) || !existsSync(join(ROOT, ".venv", "share", "jupyter", "kernels", "tslab", "kernel.json"))) {
    execFileSync("bash", [join(ROOT, "scripts", "lab.sh"), "--setup-only"], { cwd: ROOT, stdio: "inherit" });
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  [lab, browser] = await Promise.all([startJupyterLab(JUPYTER, NOTEBOOKS), launchChromium(chromiumPath)]);
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  expect(refusedWrites, "requests that would have changed notebooks on disk").toEqual([]);
}, 60_000);

describe("notebooks in JupyterLab", () => {
  it.each(notebooks)(
    "%s runs through the UI with its charts drawn",
    async (name) => {
      const server = lab!;
      const expected = committedCharts(join(NOTEBOOKS, name));
      const started = performance.now();
      const page = await browser!.newPage({ viewport: VIEWPORT });
      // the committed notebooks stay as they are: no save, rename or delete reaches the server
      await page.route(/\/api\/contents\//, (route) => {
        const request = route.request();
        if (!["PUT", "PATCH", "DELETE"].includes(request.method())) return route.continue();
        refusedWrites.push(`${request.method()} ${new URL(request.url()).pathname}`);
        return route.abort();
      });
      try {
        const workspace = `test-${name.replace(/[^\w-]/g, "-")}`;
        await page.goto(`${server.url}/lab/workspaces/${workspace}/tree/${encodeURIComponent(name)}?token=${server.token}`);
        await waitOrExplain(page, `${name} to open with its kernel idle`, OPEN_TIMEOUT_MS, server, () =>
          page.waitForFunction(
            (path) => {
              const panel = window.jupyterapp?.shell.currentWidget;
              return panel?.context?.path === path && panel.sessionContext?.session?.kernel?.status === "idle";
            },
            name,
            { timeout: OPEN_TIMEOUT_MS, polling: 500 },
          ),
        );
        await dismissNewsPrompt(page);

        // Run > Run All Cells; resolves when the last cell has run (or the run stopped at an error)
        await page.evaluate(() => window.jupyterapp!.commands.execute("notebook:run-all-cells"));
        await waitOrExplain(page, `${name}'s kernel to go idle after Run All`, DRAW_TIMEOUT_MS, server, () =>
          page.waitForFunction(
            () => {
              const panel = window.jupyterapp!.shell.currentWidget!;
              const running = [...panel.node.querySelectorAll(".jp-InputPrompt")].some((prompt) => prompt.textContent?.includes("*"));
              return !running && panel.sessionContext?.session?.kernel?.status === "idle";
            },
            undefined,
            { timeout: DRAW_TIMEOUT_MS, polling: 500 },
          ),
        );
        const ranSeconds = (performance.now() - started) / 1000;

        // the whole notebook in view: every chart laid out, and the screenshot shows it all
        await page.evaluate(() => {
          window.jupyterapp!.shell.collapseLeft();
          window.jupyterapp!.shell.collapseRight();
        });
        const fullHeight = await page.evaluate(() => {
          const panel = window.jupyterapp!.shell.currentWidget!;
          const scrollers = [panel.content!.node, ...panel.content!.node.querySelectorAll<HTMLElement>(".jp-WindowedPanel-outer")];
          const hidden = Math.max(...scrollers.map((scroller) => scroller.scrollHeight - scroller.clientHeight));
          return window.innerHeight + hidden + 40;
        });
        await page.setViewportSize({ width: VIEWPORT.width, height: Math.min(fullHeight, MAX_SCREENSHOT_HEIGHT) });
        await page
          .waitForFunction(
            ([vega, plotly, figures]) =>
              document.querySelectorAll(".jp-Notebook .vega-embed").length >= vega &&
              document.querySelectorAll(".jp-Notebook .js-plotly-plot .main-svg").length >= plotly &&
              [...document.querySelectorAll<HTMLImageElement>(".jp-Notebook .jp-MarkdownOutput img")].filter((image) => image.complete)
                .length >= figures,
            [expected.vegaLite, expected.plotly, expected.figures.length] as const,
            { timeout: DRAW_TIMEOUT_MS, polling: 500 },
          )
          .catch(() => undefined); // the counts are checked below, with a better message
        await page.waitForTimeout(1_500); // plotly and vega redraw after the resize
        const state = await page.evaluate(readPageState, { stderrMime: STDERR_MIME });
        const screenshot = join(SCREENSHOTS, `${name.replace(/\.ipynb$/, "")}.png`);
        await page.screenshot({ path: screenshot, fullPage: true });

        console.log(
          `${name}: ran in ${ranSeconds.toFixed(1)}s; outputs shown as ${describeCounts(state.mimeTypes)}; ` +
            `vega-lite charts ${state.vegaLite.map(size).join(", ") || "none"}; plotly charts ${state.plotly.map(size).join(", ") || "none"}; ` +
            `figures ${state.figures.map((figure) => `${figure.file} ${figure.width}×${figure.height}`).join(", ") || "none"}; ` +
            `screenshot ${screenshot} (${((performance.now() - started) / 1000).toFixed(1)}s in all)`,
        );
        expect(state.notRun, "code cells without an execution count").toEqual([]);
        expect(state.stderr, "stderr outputs (a failing cell)").toEqual([]);
        expect(expected.executed, `${name} has no committed outputs: record them with npm run notebooks -- --write notebooks/${name}`).toBe(
          true,
        );
        expect(state.vegaLite.length, "vega-lite charts drawn (.vega-embed)").toBe(expected.vegaLite);
        expect(state.plotly.length, "plotly charts drawn (.js-plotly-plot)").toBe(expected.plotly);
        for (const chart of [...state.vegaLite, ...state.plotly]) {
          expect(
            Math.min(chart.width, chart.height, chart.drawnWidth, chart.drawnHeight),
            `a chart drawn at ${size(chart)}`,
          ).toBeGreaterThan(0);
        }
        // every figure of the markdown loaded and drawn (a missing file loads with no size)
        expect(state.figures.map((figure) => figure.file).sort(), "figures shown in markdown cells").toEqual([...expected.figures].sort());
        for (const figure of state.figures) expect(Math.min(figure.width, figure.height), `figure ${figure.file}`).toBeGreaterThan(0);
        // drawn interactively from the chart MIME types, not shown as their PNG
        expect(state.mimeTypes.filter((mime) => mime === VEGA_LITE_MIME).length).toBe(expected.vegaLite);
        expect(state.mimeTypes.filter((mime) => mime === PLOTLY_MIME).length).toBe(expected.plotly);
      } finally {
        await page.evaluate(() => window.jupyterapp?.shell.currentWidget?.sessionContext?.shutdown()).catch(() => undefined);
        await page.close();
      }
    },
    NOTEBOOK_TIMEOUT_MS,
  );
});

/** Runs in the page: cells, outputs and charts of the current notebook. */
function readPageState({ stderrMime }: { stderrMime: string }): PageState {
  const panel = window.jupyterapp!.shell.currentWidget!;
  const state: PageState = { notRun: [], stderr: [], mimeTypes: [], vegaLite: [], plotly: [], figures: [] };
  const notebook = panel.content!;
  notebook.widgets.forEach((cell, index) => {
    const outputs = cell.outputArea?.model;
    for (let i = 0; i < (outputs?.length ?? 0); i++) {
      const output = outputs!.get(i);
      state.mimeTypes.push(notebook.rendermime.preferredMimeType(output.data, output.trusted ? "any" : "ensure") ?? "(none)");
    }
    const source = cell.model.sharedModel.getSource();
    if (cell.model.type !== "code" || source.trim() === "") return;
    const where = `cell ${index + 1} (${source.split("\n")[0].slice(0, 60)})`;
    if (cell.model.executionCount === null || cell.model.executionCount === undefined) state.notRun.push(where);
    const tags = cell.model.getMetadata("tags");
    if (Array.isArray(tags) && tags.includes("raises-exception")) return;
    for (const output of cell.node.querySelectorAll(`[data-mime-type="${stderrMime}"]`)) {
      state.stderr.push(`${where}: ${(output.textContent ?? "").slice(0, 1_000)}`);
    }
  });
  // (no helper functions in here: the page gets this function's source, without its module)
  const charts: [chart: string, drawn: string, list: DrawnChart[]][] = [
    [".vega-embed", "canvas, svg", state.vegaLite],
    [".js-plotly-plot", ".main-svg", state.plotly],
  ];
  for (const [chartSelector, drawnSelector, list] of charts) {
    for (const chart of panel.node.querySelectorAll(chartSelector)) {
      const box = chart.getBoundingClientRect();
      const drawnBox = chart.querySelector(drawnSelector)?.getBoundingClientRect();
      list.push({ width: box.width, height: box.height, drawnWidth: drawnBox?.width ?? 0, drawnHeight: drawnBox?.height ?? 0 });
    }
  }
  for (const image of panel.node.querySelectorAll<HTMLImageElement>(".jp-MarkdownOutput img")) {
    // the file name, without the query JupyterLab adds to the address (?_xsrf=…)
    const file = new URL(image.src).pathname.split("/").pop() ?? "";
    // a picture that failed to load has complete = true and naturalWidth = 0
    if (image.complete) state.figures.push({ file, width: image.naturalWidth, height: image.naturalHeight });
  }
  return state;
}

/** Clicks "No" on JupyterLab's news prompt if it shows (the test's settings should keep it away). */
async function dismissNewsPrompt(page: Page): Promise<void> {
  const no = page.locator(".jp-Notification-Toast .jp-toast-button", { hasText: /^No$/ });
  if (await no.isVisible().catch(() => false)) await no.click();
}

/** Waits; on a timeout, fails with what the page shows (a dialog, say) and the server's log. */
async function waitOrExplain(page: Page, what: string, timeoutMs: number, server: LabServer, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait();
  } catch (error) {
    const dialog = await page
      .locator(".jp-Dialog")
      .first()
      .innerText({ timeout: 1_000 })
      .catch(() => "");
    const shown = dialog === "" ? "" : `\nthe page shows a dialog: ${dialog}`;
    throw new Error(
      `waited ${timeoutMs / 1000}s for ${what}: ${(error as Error).message.split("\n")[0]}${shown}\nJupyterLab log:\n${server.log().slice(-3_000)}`,
      { cause: error },
    );
  }
}

/** How many vega-lite and plotly chart outputs the committed notebook has, and whether it was run at all. */
function committedCharts(path: string): { vegaLite: number; plotly: number; figures: string[]; executed: boolean } {
  const notebook = JSON.parse(readFileSync(path, "utf8")) as {
    cells: {
      cell_type: string;
      source: string | string[];
      execution_count?: number | null;
      outputs?: { data?: Record<string, unknown> }[];
    }[];
  };
  const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? []);
  const markdown = notebook.cells.filter((cell) => cell.cell_type === "markdown").map((cell) => [cell.source].flat().join(""));
  return {
    executed: notebook.cells.some((cell) => typeof cell.execution_count === "number"),
    vegaLite: outputs.filter((output) => output.data?.[VEGA_LITE_MIME] !== undefined).length,
    plotly: outputs.filter((output) => output.data?.[PLOTLY_MIME] !== undefined).length,
    // ![…](figures/NAME.svg)
    figures: markdown.flatMap((text) => [...text.matchAll(/\]\(figures\/([^)]+)\)/g)].map((match) => match[1])),
  };
}

function describeCounts(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value} ×${count}`).join(", ") || "nothing";
}

function size(chart: DrawnChart): string {
  return `${Math.round(chart.drawnWidth)}×${Math.round(chart.drawnHeight)}`;
}
