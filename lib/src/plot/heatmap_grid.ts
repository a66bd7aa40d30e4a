import { DisplayHandle } from "./display";
import { escapeHtml } from "./html";
import { clamp, heatmapFigure, largestInEachRow, WHITE_TO_BLUE } from "./heatmap";
import { formatNumber } from "./format_number";
import { plotlyBundle, type PlotlyFigure } from "./plotly";

// Several matrices of one kind side by side on one colour scale: attention weights per layer and head.

/** One panel of a {@link HeatmapGridConfig}: a matrix with its labels, as in {@link HeatmapConfig}. */
export interface HeatmapPanel {
  /** Written above the panel ("layer 1, head 2"). Required. */
  title: string;
  /** The values by row: `z[i][j]` is the cell in row `y[i]` and column `x[j]`. [rows, columns] */
  z: readonly (readonly number[])[];
  /** Column labels, left to right. */
  x: readonly string[];
  /** Row labels, top to bottom. */
  y: readonly string[];
}

/** Everything a grid of heatmaps shows. */
export interface HeatmapGridConfig {
  /** The whole figure's title; also names its file outside a kernel. Required. */
  title: string;
  /** The panels, filled in row by row. Required. */
  panels: readonly HeatmapPanel[];
  /** Panels per row of the grid. Required. */
  columns: number;
  /** What the columns of every panel are (written under the bottom row). Required. */
  xTitle: string;
  /** What the rows of every panel are (written beside the left column). Required. */
  yTitle: string;
  /** What a value is, for the hover text and the one colour bar. Default "value". */
  valueTitle?: string;
  /** The low end of the colour scale, shared by all panels. Default: the smallest value (attention weights: use 0). */
  zmin?: number;
  /** The high end of the colour scale, shared by all panels. Default: the largest value (attention weights: use 1). */
  zmax?: number;
  /** Write each value (two decimals) in its cell. Default: when a panel has at most 64 cells. */
  showValues?: boolean;
}

/**
 * A grid of heatmaps on one colour scale, each with hover text like {@link heatmapFigure}'s, so
 * panels can be compared cell by cell: attention weights per layer (rows) and head (columns).
 * Introduced in 09-transformer.
 */
export function heatmapGridFigure(config: HeatmapGridConfig): PlotlyFigure {
  const { panels, columns } = config;
  if (panels.length === 0) throw new Error(`heatmap grid "${config.title}": no panels`);
  if (!Number.isInteger(columns) || columns < 1)
    throw new Error(`heatmap grid "${config.title}": columns must be a positive integer, got ${columns}`);
  const rows = Math.ceil(panels.length / columns);
  const widest = Math.max(...panels.map((p) => p.x.length));
  const tallest = Math.max(...panels.map((p) => p.y.length));
  const panelWidth = clamp(60 + 24 * widest, 160, 420);
  const panelHeight = clamp(50 + 24 * tallest, 140, 400);
  const values = panels.flatMap((p) => p.z.flat());
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    title: { text: escapeHtml(config.title) },
    width: columns * panelWidth + 200,
    height: rows * (panelHeight + 40) + 140,
    coloraxis: {
      colorscale: WHITE_TO_BLUE,
      cmin: config.zmin ?? Math.min(...values),
      cmax: config.zmax ?? Math.max(...values),
      colorbar: { title: { text: escapeHtml(config.valueTitle ?? "value") } },
    },
    annotations: [] as Record<string, unknown>[],
    margin: { l: 90, r: 30, t: 80, b: 70 },
    plot_bgcolor: "white",
  };
  const annotations = layout["annotations"] as Record<string, unknown>[];
  panels.forEach((panel, k) => {
    const row = Math.floor(k / columns);
    const column = k % columns;
    const single = heatmapFigure({
      ...panel,
      xTitle: config.xTitle,
      yTitle: config.yTitle,
      ...(config.valueTitle !== undefined && { valueTitle: config.valueTitle }),
      showValues: config.showValues ?? panel.x.length * panel.y.length <= 64,
    });
    // one colour axis for all panels: the trace gives up its own scale and colour bar
    const trace: Record<string, unknown> = { ...single.data[0] };
    for (const own of ["colorscale", "zmin", "zmax", "colorbar"]) delete trace[own];
    const suffix = k === 0 ? "" : String(k + 1);
    data.push({ ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}`, coloraxis: "coloraxis" });
    const singleLayout = single.layout as Record<string, Record<string, unknown>>;
    const x = [column / columns + 0.02, (column + 1) / columns - 0.02];
    const y = [1 - (row + 1) / rows + 0.06, 1 - row / rows - 0.04];
    layout[`xaxis${suffix}`] = {
      ...singleLayout["xaxis"],
      ...(row !== rows - 1 && { title: undefined }),
      domain: x,
      anchor: `y${suffix}`,
    };
    layout[`yaxis${suffix}`] = {
      ...singleLayout["yaxis"],
      ...(column !== 0 && { title: undefined }),
      domain: y,
      anchor: `x${suffix}`,
    };
    annotations.push({
      text: escapeHtml(panel.title),
      xref: "paper",
      yref: "paper",
      x: (x[0] + x[1]) / 2,
      y: y[1],
      xanchor: "center",
      yanchor: "bottom",
      showarrow: false,
    });
  });
  return { data, layout };
}

/** A one-line text form of a grid: its panels, the range of the values, and where each row of each panel is largest. */
export function heatmapGridSummary(config: HeatmapGridConfig): string {
  const values = config.panels.flatMap((p) => p.z.flat());
  const peaks = config.panels.map((panel) => `${panel.title}: ${largestInEachRow(panel)}`);
  return (
    `${config.title} (${config.panels.length} heatmaps, ${config.yTitle} × ${config.xTitle}; ` +
    `${config.valueTitle ?? "values"} ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}; ` +
    `largest in each row: ${peaks.join("; ")})`
  );
}

/** Draws a grid of heatmaps as a new output (outside a kernel: `charts/TITLE.html`). Used for attention weights per layer and head. */
export function showHeatmapGrid(config: HeatmapGridConfig): void {
  new DisplayHandle(config.title).show(plotlyBundle(heatmapGridFigure(config), heatmapGridSummary(config)));
}
