import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { heatmapFigure, heatmapSummary, showHeatmap, type HeatmapConfig } from "../../lib/src/plot/heatmap";

const attention: HeatmapConfig = {
  title: "Attention weights",
  // rows: output steps; columns: input steps, with a repeated label
  z: [
    [0.7, 0.2, 0.1],
    [0.1, 0.123456789, 0.776543211],
  ],
  x: ["1", "<eos>", "1"],
  y: ["a", "b"],
  xTitle: "input step",
  yTitle: "output step",
  valueTitle: "weight",
  zmin: 0,
  zmax: 1,
};

describe("heatmapFigure", () => {
  const figure = heatmapFigure(attention);
  const trace = figure.data[0];
  const layout = figure.layout as Record<string, Record<string, unknown>>;

  it("places cells by position and labels them, so repeated labels stay apart", () => {
    expect(trace["x"]).toEqual([0, 1, 2]);
    expect(trace["y"]).toEqual([0, 1]);
    expect(layout["xaxis"]["ticktext"]).toEqual(["1", "&lt;eos&gt;", "1"]);
    expect(layout["yaxis"]["autorange"]).toBe("reversed");
  });

  it("rounds values to 4 significant digits and shows them in hover", () => {
    expect(trace["z"]).toEqual([
      [0.7, 0.2, 0.1],
      [0.1, 0.1235, 0.7765],
    ]);
    expect((trace["text"] as string[][])[1][2]).toBe("output step 1: b<br>input step 2: 1");
    expect(trace["hovertemplate"]).toBe("%{text}<br>weight: %{z:.4f}<extra></extra>");
    expect([trace["zmin"], trace["zmax"]]).toEqual([0, 1]);
  });

  it("writes values into small heatmaps only, unless told", () => {
    expect(trace["texttemplate"]).toBe("%{z:.2f}");
    const big = { ...attention, z: [Array(101).fill(0)], x: Array(101).fill("x"), y: ["a"] };
    expect(heatmapFigure(big).data[0]["texttemplate"]).toBeUndefined();
    expect(heatmapFigure({ ...big, showValues: true }).data[0]["texttemplate"]).toBe("%{z:.2f}");
  });

  it("rejects values whose shape does not match the labels", () => {
    expect(() => heatmapFigure({ ...attention, y: ["a"] })).toThrow(/z must have 1 rows \(y\) of 3 values \(x\)/);
  });
});

describe("heatmapSummary", () => {
  it("says the size, the range and where each row is largest", () => {
    expect(heatmapSummary(attention)).toBe(
      "Attention weights (heatmap, 2 output step × 3 input step; weight 0.1000 to 0.7765; largest in each row: a→1 b→1)",
    );
  });
});

describe("outside a kernel", () => {
  it("writes a self-contained HTML page to charts/ and prints its path", async () => {
    const folder = await mkdtemp(join(tmpdir(), "seqlab-plotly-"));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const cwd = process.cwd();
    try {
      process.chdir(folder);
      showHeatmap(attention);
      const files = await readdir(join(folder, "charts"));
      expect(files.sort()).toEqual(["attention-weights.html"]);
      const page = await readFile(join(folder, "charts", "attention-weights.html"), "utf8");
      expect(page).toContain("plotly.js v"); // the script inline, not a CDN link
      expect(page).toContain('"type":"heatmap"');
      expect(log.mock.calls[0][0]).toMatch(/^Attention weights \(heatmap.*\n {2}written to .*attention-weights\.html$/s);
    } finally {
      process.chdir(cwd);
      log.mockRestore();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
