import { describe, expect, it } from "vitest";
import { block3dFigure, block3dSummary } from "../../lib/src/plot/block3d";

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
    expect(picked["name"]).toBe("one token");
    expect(picked["x"]).toEqual([1, 1, 1, 1]);
    expect(picked["y"]).toEqual([2, 2, 2, 2]);
    expect(picked["z"]).toEqual([0, 1, 2, 3]);
    expect((picked["marker"] as Record<string, unknown>)["color"]).toEqual([120, 121, 122, 123]);
    expect((rest["x"] as number[]).length).toBe(20);
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
