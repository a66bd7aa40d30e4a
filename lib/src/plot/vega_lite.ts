import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { DisplayHandle, type MimeBundle } from "./display";
import { VEGA_LITE_MIME } from "./mime";

/**
 * One chart inside a vega-lite composition (an element of `vconcat` or `hconcat`), named from
 * vega-lite's public `TopLevelSpec`. Give a function that builds such a chart this return type,
 * and its string literals ("nominal", "left", …) are checked as vega-lite's, with no cast.
 */
export type VegaLitePanel = Extract<TopLevelSpec, Record<"vconcat", unknown>>["vconcat"][number];

/**
 * A vega-lite chart as one bundle: the spec (interactive where the frontend draws vega-lite),
 * a PNG rendered here in Node (vega → SVG → resvg, no browser) for viewers that show only
 * pictures, such as GitHub, and a one-line text summary. Introduced in 01-sequence-tasks.
 */
export async function vegaLiteBundle(spec: TopLevelSpec, summary: string): Promise<MimeBundle> {
  const fullSpec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", ...spec } as TopLevelSpec;
  return {
    [VEGA_LITE_MIME]: fullSpec,
    "image/png": await renderPng(fullSpec),
    "text/plain": summary,
  };
}

/** Draws a vega-lite chart as a new output (or files, outside a kernel). */
export async function showVegaLite(spec: TopLevelSpec, summary: string): Promise<void> {
  new DisplayHandle(summary).show(await vegaLiteBundle(spec, summary));
}

/** Renders a vega-lite spec to a base64 PNG at twice the CSS size, for sharp text. */
async function renderPng(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: "zoom", value: 2 },
      background: "white",
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    }).render();
    return png.asPng().toString("base64");
  } finally {
    view.finalize();
  }
}
