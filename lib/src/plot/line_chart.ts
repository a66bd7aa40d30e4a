import type { TopLevelSpec } from "vega-lite";
import { DisplayHandle, type MimeBundle } from "./display";
import { vegaLiteBundle } from "./vega_lite";
import { formatNumber } from "./format_number";

/** One point of a line: x (a step, a depth, a length) and the value measured there. */
export interface Point {
  /** Where on the x axis: a step, a depth, a length. */
  x: number;
  /** The value measured at x. */
  y: number;
}

/** Everything a line chart shows. */
export interface LineChartConfig {
  /** The chart's title; also names the chart's files outside a kernel. Required. */
  title: string;
  /** Lines by name, drawn in one colour each. */
  series: Record<string, readonly Point[]>;
  /** The x axis' title. Required. */
  xTitle: string;
  /** The y axis' title. Required. */
  yTitle: string;
  /** A logarithmic y axis, for losses that fall over orders of magnitude. Default false. */
  logY?: boolean;
  /** Width in CSS pixels. Default 420. */
  width?: number;
  /** Height in CSS pixels. Default 220. */
  height?: number;
}

/**
 * A multi-line chart as a vega-lite spec (hover shows each point's value). Used for training
 * curves and for comparisons such as loss against depth. Introduced in 02-rnn.
 */
export function lineChartSpec(config: LineChartConfig): TopLevelSpec {
  const values = Object.entries(config.series).flatMap(([series, points]) => points.map(({ x, y }) => ({ series, x, y })));
  return {
    title: config.title,
    width: config.width ?? 420,
    height: config.height ?? 220,
    data: { values },
    mark: { type: "line", point: values.length <= 60, tooltip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: config.xTitle },
      y: { field: "y", type: "quantitative", title: config.yTitle, scale: config.logY ? { type: "log" } : { zero: false } },
      color: { field: "series", type: "nominal", title: null, sort: Object.keys(config.series) },
    },
  };
}

/** A one-line text form of a line chart, for viewers that show only text. */
export function lineChartSummary(config: LineChartConfig): string {
  const lines = Object.entries(config.series).map(([name, points]) => {
    const last = points[points.length - 1];
    return last === undefined ? `${name}: no points` : `${name}: ${formatNumber(last.y)} at ${config.xTitle} ${last.x}`;
  });
  return `${config.title} (line chart; last values: ${lines.join("; ")})`;
}

/** The chart, its picture and its summary as one bundle. */
export function lineChartBundle(config: LineChartConfig): Promise<MimeBundle> {
  return vegaLiteBundle(lineChartSpec(config), lineChartSummary(config));
}

/** Draws a line chart as a new output (or files, outside a kernel). */
export async function showLineChart(config: LineChartConfig): Promise<void> {
  new DisplayHandle(config.title).show(await lineChartBundle(config));
}
