import { DisplayHandle } from "./display";
import { formatNumber, roundForDisplay } from "./format_number";
import { escapeHtml } from "./html";
import { plotlyBundle, type PlotlyFigure } from "./plotly";

// A 3-D block of numbers, such as a [batch, seq_len, dims] activation tensor, as a plotly figure.

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
  const axis = (title: string, size: number) => ({
    title: { text: escapeHtml(title) },
    tickvals: [...Array(size).keys()],
    range: [-0.5, size - 0.5],
  });
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
  const highlighted =
    config.highlight === undefined
      ? ""
      : `; ${picked} of ${values.length} elements picked out as "${config.highlightName ?? "highlighted"}"`;
  return `${config.title} (3-D block, ${dims}; ${config.valueTitle ?? "values"} ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}${highlighted})`;
}

/** Draws a 3-D block as a new output (outside a kernel: `charts/TITLE.html`). Introduced in 08-normalization. */
export function showBlock3d(config: Block3dConfig): void {
  new DisplayHandle(config.title).show(plotlyBundle(block3dFigure(config), block3dSummary(config)));
}

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
