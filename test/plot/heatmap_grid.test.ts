import { describe, expect, it } from "vitest";
import { heatmapGridFigure, heatmapGridSummary, type HeatmapGridConfig } from "../../lib/src/plot/heatmap_grid";

/** Two layers of two heads: four panels of 2 rows × 3 columns. */
const grid: HeatmapGridConfig = {
  title: "Attention per layer and head",
  panels: [1, 2].flatMap((layer) =>
    [1, 2].map((head) => ({
      title: `layer ${layer}, head ${head}`,
      z: [
        [0.6, 0.3, 0.1],
        [0.1 * head, 0.2, 0.8 - 0.1 * head],
      ],
      x: ["a", "b", "c"],
      y: ["1", "2"],
    })),
  ),
  columns: 2,
  xTitle: "source",
  yTitle: "output step",
  valueTitle: "α",
  zmin: 0,
  zmax: 1,
};

describe("heatmapGridFigure", () => {
  const figure = heatmapGridFigure(grid);
  const layout = figure.layout as Record<string, Record<string, unknown>>;

  it("puts each panel on axes of its own, row by row, inside the figure", () => {
    expect(figure.data.map((t) => [t["xaxis"], t["yaxis"]])).toEqual([
      ["x", "y"],
      ["x2", "y2"],
      ["x3", "y3"],
      ["x4", "y4"],
    ]);
    const left = layout["xaxis"]["domain"] as number[];
    const right = layout["xaxis2"]["domain"] as number[];
    const top = layout["yaxis"]["domain"] as number[];
    const bottom = layout["yaxis3"]["domain"] as number[];
    expect(left[1]).toBeLessThan(right[0]);
    expect(bottom[1]).toBeLessThan(top[0]);
    for (const domain of [left, right, top, bottom]) {
      expect(domain[0]).toBeGreaterThanOrEqual(0);
      expect(domain[1]).toBeLessThanOrEqual(1);
    }
    expect(layout["xaxis4"]["anchor"]).toBe("y4");
    expect(layout["yaxis4"]["anchor"]).toBe("x4");
  });

  it("shares one colour scale, from zmin to zmax, instead of one per panel", () => {
    expect(figure.data.every((t) => t["coloraxis"] === "coloraxis" && t["colorscale"] === undefined && t["colorbar"] === undefined)).toBe(
      true,
    );
    expect([layout["coloraxis"]["cmin"], layout["coloraxis"]["cmax"]]).toEqual([0, 1]);
  });

  it("titles each panel, and the axes only at the bottom row and the left column", () => {
    const annotations = figure.layout["annotations"] as { text: string }[];
    expect(annotations.map((a) => a.text)).toEqual(["layer 1, head 1", "layer 1, head 2", "layer 2, head 1", "layer 2, head 2"]);
    expect(layout["xaxis"]["title"]).toBeUndefined();
    expect(layout["xaxis3"]["title"]).toEqual({ text: "source" });
    expect(layout["yaxis"]["title"]).toEqual({ text: "output step" });
    expect(layout["yaxis2"]["title"]).toBeUndefined();
  });

  it("keeps each panel's hover text and values", () => {
    const second = figure.data[1];
    expect((second["text"] as string[][])[1][2]).toBe("output step 1: 2<br>source 2: c");
    expect(second["z"]).toEqual([
      [0.6, 0.3, 0.1],
      [0.2, 0.2, 0.6],
    ]);
    expect(second["hovertemplate"]).toBe("%{text}<br>α: %{z:.4f}<extra></extra>");
  });

  it("refuses an empty grid and a column count that is not a positive integer", () => {
    expect(() => heatmapGridFigure({ ...grid, panels: [] })).toThrow(/no panels/);
    expect(() => heatmapGridFigure({ ...grid, columns: 0 })).toThrow(/columns must be a positive integer, got 0/);
  });
});

describe("heatmapGridSummary", () => {
  it("names every panel with where each of its rows is largest", () => {
    expect(heatmapGridSummary(grid)).toBe(
      "Attention per layer and head (4 heatmaps, output step × source; α 0.1000 to 0.7000; largest in each row: " +
        "layer 1, head 1: 1→a 2→c; layer 1, head 2: 1→a 2→c; layer 2, head 1: 1→a 2→c; layer 2, head 2: 1→a 2→c)",
    );
  });
});
