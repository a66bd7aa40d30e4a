import { DisplayHandle, type MimeBundle } from "./display";
import { escapeHtml } from "./html";
import { PLOTLY_MIME } from "./plotly_page";

export { PLOTLY_MIME };

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

// ---------------------------------------------------------------------------------------------
// Heatmap: a matrix with labelled rows and columns, such as attention weights.

/** Everything a heatmap shows. */
export interface HeatmapConfig {
  /** The chart's title; also names its file outside a kernel. Required. */
  title: string;
  /** The values by row: `z[i][j]` is the cell in row `y[i]` and column `x[j]`. [rows, columns] */
  z: readonly (readonly number[])[];
  /** Column labels, left to right. They may repeat (the characters of an input). */
  x: readonly string[];
  /** Row labels, top to bottom (the first row is drawn at the top, as a matrix is written). */
  y: readonly string[];
  /** The x axis' title, what the columns are. Required. */
  xTitle: string;
  /** The y axis' title, what the rows are. Required. */
  yTitle: string;
  /** What a value is, for the hover text and the colour bar. Default "value". */
  valueTitle?: string;
  /** The value at the low end of the colour scale. Default: the smallest value (attention weights: use 0). */
  zmin?: number;
  /** The value at the high end of the colour scale. Default: the largest value (attention weights: use 1). */
  zmax?: number;
  /** A plotly colour scale name ("Viridis", "RdBu", …). Default: white for low values to dark blue for high ones. */
  colorscale?: string;
  /** Write each value (two decimals) in its cell. Default: when there are at most 100 cells. */
  showValues?: boolean;
  /** Width in CSS pixels. Default 200 + 40 per column, kept within 360–900. */
  width?: number;
  /** Height in CSS pixels. Default 160 + 40 per row, kept within 280–800. */
  height?: number;
}

/**
 * A heatmap figure: one coloured cell per value, hover showing row, column and value. Rows and
 * columns are placed by position and labelled by `x`/`y`, so repeated labels stay apart.
 */
export function heatmapFigure(config: HeatmapConfig): PlotlyFigure {
  const { z, x, y } = config;
  if (z.length !== y.length || z.some((row) => row.length !== x.length)) {
    throw new Error(`heatmap "${config.title}": z must have ${y.length} rows (y) of ${x.length} values (x)`);
  }
  const valueTitle = config.valueTitle ?? "value";
  const showValues = config.showValues ?? x.length * y.length <= 100;
  const hover = y.map((row, i) => x.map((column, j) => `${config.yTitle} ${i}: ${escapeHtml(row)}<br>${config.xTitle} ${j}: ${escapeHtml(column)}`));
  return {
    data: [
      {
        type: "heatmap",
        z: z.map((row) => row.map(roundForDisplay)),
        x: x.map((_, j) => j),
        y: y.map((_, i) => i),
        text: hover,
        hovertemplate: `%{text}<br>${escapeHtml(valueTitle)}: %{z:.4f}<extra></extra>`,
        ...(showValues && { texttemplate: "%{z:.2f}" }),
        colorscale: config.colorscale ?? WHITE_TO_BLUE,
        ...(config.zmin !== undefined && { zmin: config.zmin }),
        ...(config.zmax !== undefined && { zmax: config.zmax }),
        colorbar: { title: { text: escapeHtml(valueTitle) } },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      title: { text: escapeHtml(config.title) },
      width: config.width ?? clamp(200 + 40 * x.length, 360, 900),
      height: config.height ?? clamp(160 + 40 * y.length, 280, 800),
      xaxis: { title: { text: escapeHtml(config.xTitle) }, ...labelledTicks(x), automargin: true, showgrid: false, zeroline: false },
      yaxis: { title: { text: escapeHtml(config.yTitle) }, ...labelledTicks(y), autorange: "reversed", automargin: true, showgrid: false, zeroline: false },
      margin: { l: 90, r: 30, t: 60, b: 70 },
      plot_bgcolor: "white",
    },
  };
}

/**
 * A one-line text form of a heatmap: its size, range, and where each row is largest (for
 * attention weights: which input step each output step looks at most).
 */
export function heatmapSummary(config: HeatmapConfig): string {
  const values = config.z.flat();
  const largest = config.z.map((row, i) => `${config.y[i]}→${config.x[argmax(row)]}`);
  const shown = largest.length > MAX_ROWS_IN_SUMMARY ? [...largest.slice(0, MAX_ROWS_IN_SUMMARY), "…"] : largest;
  return (
    `${config.title} (heatmap, ${config.y.length} ${config.yTitle} × ${config.x.length} ${config.xTitle}; ` +
    `${config.valueTitle ?? "values"} ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}; ` +
    `largest in each row: ${shown.join(" ")})`
  );
}

/** Draws a heatmap as a new output (outside a kernel: `charts/TITLE.html`). Used for attention weights. */
export function showHeatmap(config: HeatmapConfig): void {
  new DisplayHandle(config.title).show(plotlyBundle(heatmapFigure(config), heatmapSummary(config)));
}

// ---------------------------------------------------------------------------------------------
// A 3-D block of numbers, such as a [batch, seq_len, dims] activation tensor.

/** Everything a 3-D block picture shows. */
export interface Block3dConfig {
  /** The chart's title; also names its file outside a kernel. Required. */
  title: string;
  /** The values: `values[i][j][k]` is drawn at x = i, y = j, z = k. [a, b, c], e.g. [batch, seq_len, dims] */
  values: readonly (readonly (readonly number[])[])[];
  /** Names of the three dimensions of `values`, in order, e.g. ["batch", "seq_len", "dims"]. */
  axisTitles: readonly [string, string, string];
  /**
   * The elements to pick out, e.g. those one normalization statistic is taken over; the rest are
   * drawn small and grey. Default: none picked out, every element coloured by its value.
   */
  highlight?: (i: number, j: number, k: number) => boolean;
  /** The legend's name for the picked-out elements. Default "highlighted". */
  highlightName?: string;
  /** What a value is, for the hover text and the colour bar. Default "value". */
  valueTitle?: string;
  /** A plotly colour scale name. Default "RdBu" (negative blue, positive red), centred on 0. */
  colorscale?: string;
  /** Width in CSS pixels. Default 640. */
  width?: number;
  /** Height in CSS pixels. Default 520. */
  height?: number;
}

/** The scatter3d figure of a block: one cube-shaped marker per element, coloured by its value. */
export function block3dFigure(config: Block3dConfig): PlotlyFigure {
  const [a, b, c] = config.axisTitles;
  const valueTitle = config.valueTitle ?? "value";
  const picked = emptyPoints();
  const rest = emptyPoints();
  config.values.forEach((plane, i) =>
    plane.forEach((line, j) =>
      line.forEach((value, k) => {
        const points = config.highlight === undefined || config.highlight(i, j, k) ? picked : rest;
        points.x.push(i);
        points.y.push(j);
        points.z.push(k);
        points.value.push(roundForDisplay(value));
      }),
    ),
  );
  const hovertemplate = `${escapeHtml(a)} %{x}, ${escapeHtml(b)} %{y}, ${escapeHtml(c)} %{z}<br>${escapeHtml(valueTitle)}: %{text}<extra></extra>`;
  const trace = (points: Points, name: string, marker: Record<string, unknown>): Record<string, unknown> => ({
    type: "scatter3d",
    mode: "markers",
    name,
    x: points.x,
    y: points.y,
    z: points.z,
    text: points.value.map((value) => value.toFixed(3)),
    hovertemplate,
    marker: { symbol: "square", line: { width: 0 }, ...marker },
  });
  const limit = Math.max(...[...picked.value, ...rest.value].map(Math.abs), 1e-12);
  const data = [
    trace(picked, escapeHtml(config.highlightName ?? (config.highlight === undefined ? valueTitle : "highlighted")), {
      size: 9,
      color: picked.value,
      colorscale: config.colorscale ?? "RdBu",
      cmin: -limit,
      cmax: limit,
      showscale: true,
      colorbar: { title: { text: escapeHtml(valueTitle) }, len: 0.7 },
      opacity: 1,
    }),
  ];
  if (rest.x.length > 0) data.push(trace(rest, "others", { size: 4, color: "rgb(190,190,190)", opacity: 0.5 }));
  const axis = (title: string, size: number) => ({ title: { text: escapeHtml(title) }, tickvals: [...Array(size).keys()], range: [-0.5, size - 0.5] });
  const [sizeA, sizeB, sizeC] = blockShape(config.values);
  return {
    data,
    layout: {
      title: { text: escapeHtml(config.title) },
      width: config.width ?? 640,
      height: config.height ?? 520,
      scene: {
        xaxis: axis(a, sizeA),
        yaxis: axis(b, sizeB),
        zaxis: axis(c, sizeC),
        aspectmode: "manual",
        aspectratio: aspectRatio([sizeA, sizeB, sizeC]),
        camera: { eye: { x: 1.35, y: -1.35, z: 0.9 } },
      },
      legend: { x: 0, y: 1 },
      margin: { l: 0, r: 0, t: 50, b: 0 },
    },
  };
}

/** A one-line text form of a block picture: its shape, value range and what is picked out. */
export function block3dSummary(config: Block3dConfig): string {
  const shape = blockShape(config.values);
  const values = config.values.flat(2);
  let picked = values.length;
  if (config.highlight !== undefined) {
    const highlight = config.highlight;
    picked = config.values.flatMap((plane, i) => plane.flatMap((line, j) => line.filter((_, k) => highlight(i, j, k)))).length;
  }
  const dims = shape.map((size, axis) => `${size} ${config.axisTitles[axis]}`).join(" × ");
  const highlighted = config.highlight === undefined ? "" : `; ${picked} of ${values.length} elements picked out as "${config.highlightName ?? "highlighted"}"`;
  return `${config.title} (3-D block, ${dims}; ${config.valueTitle ?? "values"} ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}${highlighted})`;
}

/** Draws a 3-D block as a new output (outside a kernel: `charts/TITLE.html`). Introduced in 08-normalization. */
export function showBlock3d(config: Block3dConfig): void {
  new DisplayHandle(config.title).show(plotlyBundle(block3dFigure(config), block3dSummary(config)));
}

// ---------------------------------------------------------------------------------------------

/** Heatmap colours: white for low values, dark blue for high ones (strong attention), as matplotlib's "Blues". */
const WHITE_TO_BLUE = [
  [0, "#f7fbff"],
  [0.25, "#c6dbef"],
  [0.5, "#6baed6"],
  [0.75, "#2171b5"],
  [1, "#08306b"],
];

/** Rows a summary lists before it stops with "…". */
const MAX_ROWS_IN_SUMMARY = 16;

interface Points {
  x: number[];
  y: number[];
  z: number[];
  value: number[];
}

function emptyPoints(): Points {
  return { x: [], y: [], z: [], value: [] };
}

/** The sizes of a block's three dimensions (the first row of each decides). */
function blockShape(values: Block3dConfig["values"]): [number, number, number] {
  return [values.length, values[0]?.length ?? 0, values[0]?.[0]?.length ?? 0];
}

/** Axis lengths proportional to the sizes, the longest 1, none shorter than 0.35 (so that a size-2 axis stays visible). */
function aspectRatio(sizes: readonly [number, number, number]): { x: number; y: number; z: number } {
  const longest = Math.max(...sizes, 1);
  const [x, y, z] = sizes.map((size) => Math.max(size / longest, 0.35)) as [number, number, number];
  return { x, y, z };
}

/** Tick marks at positions 0…n-1, labelled with the given labels. */
function labelledTicks(labels: readonly string[]): Record<string, unknown> {
  return { tickmode: "array", tickvals: labels.map((_, i) => i), ticktext: labels.map(escapeHtml) };
}

function argmax(row: readonly number[]): number {
  let best = 0;
  row.forEach((value, i) => {
    if (value > row[best]!) best = i;
  });
  return best;
}

/** Four significant digits: enough for a picture, short in the notebook file, stable across backends. */
function roundForDisplay(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(3);
}
