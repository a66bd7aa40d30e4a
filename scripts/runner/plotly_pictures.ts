/**
 * Static pictures of plotly charts, added when notebooks are written (`--write`). A plotly output
 * arrives as `application/vnd.plotly.v1+json` + `text/plain` (seqlab's plotly.ts): plotly has
 * no renderer in Node, so the `image/png` that GitHub and other static viewers show is drawn here
 * by plotly.js itself in headless Chromium. One browser and one page serve a whole run; they
 * start the first time a picture is needed. Without Chromium the notebooks are written without
 * pictures, after one warning.
 */
import type { INotebookContent, IMimeBundle } from "@jupyterlab/nbformat";
import type { Browser, Page } from "playwright-core";
import { findChromium, launchChromium, NO_CHROMIUM } from "./chromium";
import { PLOTLY_MIME } from "../../lib/src/plot/mime";
import { isCodeCell } from "./notebook_io";

/** Picture size when the figure's layout sets none (plotly's own default). */
const DEFAULT_SIZE = { width: 700, height: 450 };

/** Pixels per CSS pixel in the picture, for sharp text (the vega-lite pictures use 2 as well). */
const SCALE = 2;

/** A notebook output that holds a plotly figure but no picture: its MIME bundle and its metadata. */
export interface OutputNeedingPicture {
  data: IMimeBundle;
  metadata: Record<string, unknown>;
}

/** The outputs in a notebook that hold a plotly figure but no picture. */
export function outputsNeedingPictures(notebook: INotebookContent): OutputNeedingPicture[] {
  return notebook.cells.flatMap((cell) =>
    isCodeCell(cell)
      ? cell.outputs.flatMap((output) => {
          const data = output["data"] as IMimeBundle | undefined;
          if (data === undefined || !(PLOTLY_MIME in data) || "image/png" in data) return [];
          const metadata = (output["metadata"] ??= {}) as Record<string, unknown>;
          return [{ data, metadata }];
        })
      : [],
  );
}

export interface PlotlyPicturesOptions {
  /** Told once when no picture can be drawn (no Chromium, or it did not start). */
  warn: (message: string) => void;
  /** Chromium to use. Default: findChromium(); `null` means none (as on a machine without it). */
  executablePath?: string | null;
}

/** Draws plotly pictures for every notebook of one run; `close` when the run is over. */
export class PlotlyPictures {
  private browser: Browser | undefined;
  /** The page with plotly.js loaded, or undefined when pictures cannot be drawn; set on first use. */
  private page: Promise<Page | undefined> | undefined;
  /** Pictures are drawn one at a time (notebooks finish in parallel). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PlotlyPicturesOptions) {}

  /**
   * Adds an `image/png` to every plotly output of `notebook` that has none (the outputs are
   * changed in place), drawn at SCALE × the figure's size, with the figure's own size in the
   * output's metadata so that a viewer shows it at that size (JupyterLab shows a picture without
   * it at its full pixel width, twice too wide). Resolves with how many were added: 0 when
   * Chromium is not there. Rejects when plotly.js fails on a figure.
   */
  async addTo(notebook: INotebookContent): Promise<number> {
    const outputs = outputsNeedingPictures(notebook);
    if (outputs.length === 0) return 0;
    const page = await this.openPage();
    if (page === undefined) return 0;
    for (const { data, metadata } of outputs) {
      const figure = data[PLOTLY_MIME];
      data["image/png"] = await this.draw(page, figure);
      metadata["image/png"] = pictureSize(figure);
    }
    return outputs.length;
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    await browser?.close();
  }

  private openPage(): Promise<Page | undefined> {
    this.page ??= this.startBrowser();
    return this.page;
  }

  private async startBrowser(): Promise<Page | undefined> {
    const executablePath = this.options.executablePath === undefined ? findChromium() : this.options.executablePath;
    const without = "notebooks are written without pictures of their plotly charts";
    if (executablePath === undefined || executablePath === null) {
      this.options.warn(`warning: ${NO_CHROMIUM}; ${without}`);
      return undefined;
    }
    try {
      this.browser = await launchChromium(executablePath);
      const page = await this.browser.newPage();
      await page.setContent("<!doctype html><html><body></body></html>");
      await page.addScriptTag({ path: require.resolve("plotly.js-dist-min") });
      return page;
    } catch (error) {
      await this.close();
      const reason = (error as Error).message.split("\n")[0];
      this.options.warn(`warning: Chromium (${executablePath}) did not start: ${reason}; ${without}`);
      return undefined;
    }
  }

  /** The figure drawn by plotly.js as a base64 PNG, at the figure's own size. */
  private draw(page: Page, figure: unknown): Promise<string> {
    const drawn = this.queue.then(() => page.evaluate(drawInPage, { figure, ...pictureSize(figure), scale: SCALE }));
    this.queue = drawn.catch(() => undefined);
    return drawn;
  }
}

/** The size a figure asks for in its layout, else plotly's default. */
export function pictureSize(figure: unknown): { width: number; height: number } {
  const layout = (figure as { layout?: { width?: unknown; height?: unknown } } | undefined)?.layout;
  const size = (value: unknown, fallback: number) => (typeof value === "number" && value > 0 ? value : fallback);
  return { width: size(layout?.width, DEFAULT_SIZE.width), height: size(layout?.height, DEFAULT_SIZE.height) };
}

/** Runs in the page: draw the figure, export it, clean up. */
async function drawInPage(input: { figure: unknown; width: number; height: number; scale: number }): Promise<string> {
  interface PlotlyApi {
    newPlot(root: HTMLElement, data: unknown, layout: unknown, config: unknown): Promise<HTMLElement>;
    toImage(root: HTMLElement, options: { format: "png"; width: number; height: number; scale: number }): Promise<string>;
    purge(root: HTMLElement): void;
  }
  const plotly = (window as unknown as { Plotly: PlotlyApi }).Plotly;
  const { data, layout } = input.figure as { data?: unknown; layout?: Record<string, unknown> };
  const root = document.createElement("div");
  document.body.append(root);
  try {
    await plotly.newPlot(root, data ?? [], { ...layout, width: input.width, height: input.height }, { staticPlot: true });
    const url = await plotly.toImage(root, { format: "png", width: input.width, height: input.height, scale: input.scale });
    return url.slice(url.indexOf(",") + 1);
  } finally {
    plotly.purge(root);
    root.remove();
  }
}
