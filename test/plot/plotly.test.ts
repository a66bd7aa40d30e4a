import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  block3dFigure,
  block3dSummary,
  heatmapFigure,
  heatmapSummary,
  plotlyBundle,
  PLOTLY_MIME,
  showHeatmap,
  type HeatmapConfig,
} from "../../lib/src/plot/plotly";

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

describe("plotlyBundle", () => {
  it("carries the figure and the summary; the picture is the runner's to add", () => {
    const figure = { data: [{ type: "bar", y: [1] }], layout: {} };
    expect(plotlyBundle(figure, "one bar")).toEqual({ [PLOTLY_MIME]: figure, "text/plain": "one bar" });
  });
});

describe("heatmapFigure", () => {
  const figure = heatmapFigure(attention);
  const trace = figure.data[0]!;
  const layout = figure.layout as Record<string, Record<string, unknown>>;

  it("places cells by position and labels them, so repeated labels stay apart", () => {
    expect(trace["x"]).toEqual([0, 1, 2]);
    expect(trace["y"]).toEqual([0, 1]);
    expect(layout["xaxis"]!["ticktext"]).toEqual(["1", "&lt;eos&gt;", "1"]);
    expect(layout["yaxis"]!["autorange"]).toBe("reversed");
  });

  it("rounds values to 4 significant digits and shows them in hover", () => {
    expect(trace["z"]).toEqual([
      [0.7, 0.2, 0.1],
      [0.1, 0.1235, 0.7765],
    ]);
    expect((trace["text"] as string[][])[1]![2]).toBe("output step 1: b<br>input step 2: 1");
    expect(trace["hovertemplate"]).toBe("%{text}<br>weight: %{z:.4f}<extra></extra>");
    expect([trace["zmin"], trace["zmax"]]).toEqual([0, 1]);
  });

  it("writes values into small heatmaps only, unless told", () => {
    expect(trace["texttemplate"]).toBe("%{z:.2f}");
    const big = { ...attention, z: [Array(101).fill(0)], x: Array(101).fill("x"), y: ["a"] };
    expect(heatmapFigure(big).data[0]!["texttemplate"]).toBeUndefined();
    expect(heatmapFigure({ ...big, showValues: true }).data[0]!["texttemplate"]).toBe("%{z:.2f}");
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

describe("block3dFigure", () => {
  // [batch 2, seq_len 3, dims 4]
  const values = [0, 1].map((b) => [0, 1, 2].map((t) => [0, 1, 2, 3].map((d) => b * 100 + t * 10 + d)));
  const config = {
    title: "LayerNorm",
    values,
    axisTitles: ["batch", "seq_len", "dims"] as const,
    highlight: (b: number, t: number) => b === 1 && t === 2,
    highlightName: "one token",
  };

  it("draws the picked-out elements coloured and the rest grey, each at (i, j, k)", () => {
    const [picked, rest] = block3dFigure(config).data;
    expect(picked!["name"]).toBe("one token");
    expect(picked!["x"]).toEqual([1, 1, 1, 1]);
    expect(picked!["y"]).toEqual([2, 2, 2, 2]);
    expect(picked!["z"]).toEqual([0, 1, 2, 3]);
    expect((picked!["marker"] as Record<string, unknown>)["color"]).toEqual([120, 121, 122, 123]);
    expect((rest!["x"] as number[]).length).toBe(20);
  });

  it("draws every element in one coloured trace when nothing is picked out", () => {
    const { highlight: _, ...everything } = config;
    expect(block3dFigure(everything).data).toHaveLength(1);
  });

  it("summarises shape, range and the picked-out count", () => {
    expect(block3dSummary(config)).toBe(
      'LayerNorm (3-D block, 2 batch × 3 seq_len × 4 dims; values 0.0000 to 123.0000; 4 of 24 elements picked out as "one token")',
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
      expect(log.mock.calls[0]![0]).toMatch(/^Attention weights \(heatmap.*\n {2}written to .*attention-weights\.html$/s);
    } finally {
      process.chdir(cwd);
      log.mockRestore();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
