import { DisplayHandle, type MimeBundle } from "./display";
import { PLOTLY_MIME } from "./mime";

/**
 * A plotly chart as plotly.js takes it: a list of traces and a layout
 * (https://plotly.com/javascript/reference/). Titles are written `title: { text }`, the form
 * every plotly.js since 2.0 reads. `layout.width` and `layout.height` also size the static picture.
 */
export interface PlotlyFigure {
  /** The traces, each an object with its `type` ("heatmap", "scatter3d", …) and its data. */
  data: Record<string, unknown>[];
  /** Title, axes, size and the rest of the page around the traces. */
  layout: Record<string, unknown>;
}

/**
 * A plotly chart as one bundle: the figure (interactive in JupyterLab, VS Code, nbviewer) and a
 * one-line text summary. Plotly has no renderer in Node, so the static `image/png` is added by
 * the notebook runner when it writes a notebook (`npm run notebooks -- --write`), from headless
 * Chromium. Used for what vega-lite does not draw well: hover heatmaps and 3-D pictures.
 */
export function plotlyBundle(figure: PlotlyFigure, summary: string): MimeBundle {
  return { [PLOTLY_MIME]: figure, "text/plain": summary };
}

/** Draws a plotly chart as a new output (outside a kernel: `charts/NAME.html`, NAME from `summary`). */
export function showPlotly(figure: PlotlyFigure, summary: string): void {
  new DisplayHandle(summary).show(plotlyBundle(figure, summary));
}
