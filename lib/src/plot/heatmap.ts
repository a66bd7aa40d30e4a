import { DisplayHandle } from "./display";
import { formatNumber, roundForDisplay } from "./format_number";
import { escapeHtml } from "./html";
import { plotlyBundle, type PlotlyFigure } from "./plotly";

// A matrix with labelled rows and columns, such as attention weights, as a plotly heatmap.

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
  const hover = y.map((row, i) =>
    x.map((column, j) => `${config.yTitle} ${i}: ${escapeHtml(row)}<br>${config.xTitle} ${j}: ${escapeHtml(column)}`),
  );
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
      yaxis: {
        title: { text: escapeHtml(config.yTitle) },
        ...labelledTicks(y),
        autorange: "reversed",
        automargin: true,
        showgrid: false,
        zeroline: false,
      },
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
  return (
    `${config.title} (heatmap, ${config.y.length} ${config.yTitle} × ${config.x.length} ${config.xTitle}; ` +
    `${config.valueTitle ?? "values"} ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}; ` +
    `largest in each row: ${largestInEachRow(config)})`
  );
}

/** Where each row of a heatmap is largest, "row→column" (for attention: which input step each output step looks at most), the first 16 rows. */
export function largestInEachRow({ z, x, y }: Pick<HeatmapConfig, "z" | "x" | "y">): string {
  const largest = z.map((row, i) => `${y[i]}→${x[argmax(row)]}`);
  return (largest.length > MAX_ROWS_IN_SUMMARY ? [...largest.slice(0, MAX_ROWS_IN_SUMMARY), "…"] : largest).join(" ");
}

/** Draws a heatmap as a new output (outside a kernel: `charts/TITLE.html`). Used for attention weights. */
export function showHeatmap(config: HeatmapConfig): void {
  new DisplayHandle(config.title).show(plotlyBundle(heatmapFigure(config), heatmapSummary(config)));
}

/** Heatmap colours: white for low values, dark blue for high ones (strong attention), as matplotlib's "Blues". */
export const WHITE_TO_BLUE = [
  [0, "#f7fbff"],
  [0.25, "#c6dbef"],
  [0.5, "#6baed6"],
  [0.75, "#2171b5"],
  [1, "#08306b"],
];

/** Rows a summary lists before it stops with "…". */
const MAX_ROWS_IN_SUMMARY = 16;

/** Tick marks at positions 0…n-1, labelled with the given labels. */
function labelledTicks(labels: readonly string[]): Record<string, unknown> {
  return { tickmode: "array", tickvals: labels.map((_, i) => i), ticktext: labels.map(escapeHtml) };
}

function argmax(row: readonly number[]): number {
  let best = 0;
  row.forEach((value, i) => {
    if (value > row[best]) best = i;
  });
  return best;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
