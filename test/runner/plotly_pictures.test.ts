import type { INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { afterAll, describe, expect, it, vi } from "vitest";
import { findChromium } from "../../scripts/runner/chromium";
import { PLOTLY_MIME } from "../../lib/src/plot/mime";
import { outputsNeedingPictures, pictureSize, PlotlyPictures } from "../../scripts/runner/plotly_pictures";

const heatmap = {
  data: [
    {
      type: "heatmap",
      z: [
        [0.1, 0.9],
        [0.7, 0.3],
      ],
    },
  ],
  layout: { width: 300, height: 200 },
};

/** A notebook with a plotly chart, a plotly chart that has a picture, a vega-lite chart and a stream. */
function notebook(): INotebookContent {
  const outputs: IOutput[] = [
    { output_type: "display_data", data: { [PLOTLY_MIME]: heatmap, "text/plain": "weights" }, metadata: {} },
    { output_type: "display_data", data: { [PLOTLY_MIME]: heatmap, "image/png": "kept", "text/plain": "weights" }, metadata: {} },
    { output_type: "display_data", data: { "application/vnd.vegalite.v5+json": {}, "text/plain": "loss" }, metadata: {} },
    { output_type: "stream", name: "stdout", text: "done\n" },
  ];
  return {
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# charts" },
      { cell_type: "code", metadata: {}, source: "", execution_count: 1, outputs },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

describe("outputsNeedingPictures", () => {
  it("finds plotly outputs without a picture, and nothing else", () => {
    const found = outputsNeedingPictures(notebook());
    expect(found).toHaveLength(1);
    expect(found[0].data["text/plain"]).toBe("weights");
    expect("image/png" in found[0].data).toBe(false);
  });
});

describe("pictureSize", () => {
  it("takes the layout's size, else plotly's default 700 × 450", () => {
    expect(pictureSize(heatmap)).toEqual({ width: 300, height: 200 });
    expect(pictureSize({ data: [], layout: { width: 500 } })).toEqual({ width: 500, height: 450 });
    expect(pictureSize({ data: [] })).toEqual({ width: 700, height: 450 });
  });
});

describe("PlotlyPictures", () => {
  it("without Chromium warns once and leaves the notebooks without pictures", async () => {
    const warn = vi.fn();
    const pictures = new PlotlyPictures({ warn, executablePath: null });
    const [first, second] = [notebook(), notebook()];
    expect(await pictures.addTo(first)).toBe(0);
    expect(await pictures.addTo(second)).toBe(0);
    await pictures.close();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/no Chromium found.*apt-get install chromium.*without pictures/);
    expect(outputsNeedingPictures(first)).toHaveLength(1);
  });

  it("never starts a browser for a notebook without plotly charts", async () => {
    const warn = vi.fn();
    const pictures = new PlotlyPictures({ warn, executablePath: null });
    const plain = notebook();
    plain.cells = plain.cells.slice(0, 1);
    expect(await pictures.addTo(plain)).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  describe.skipIf(findChromium() === undefined)("with Chromium", () => {
    const pictures = new PlotlyPictures({ warn: (message) => expect.fail(message) });
    afterAll(() => pictures.close());

    it("draws a PNG at twice the figure's size into each plotly output without one, shown at the figure's size", async () => {
      const drawn = notebook();
      expect(await pictures.addTo(drawn)).toBe(1);
      const outputs = (drawn.cells[1] as { outputs: IOutput[] }).outputs;
      const png = Buffer.from(String((outputs[0]["data"] as Record<string, unknown>)["image/png"]), "base64");
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      // the IHDR chunk: width and height, big-endian, at bytes 16 and 20
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([600, 400]);
      expect(outputs[0]["metadata"]).toEqual({ "image/png": { width: 300, height: 200 } });
      expect((outputs[1]["data"] as Record<string, unknown>)["image/png"]).toBe("kept");
      expect(outputsNeedingPictures(drawn)).toHaveLength(0);
    });
  });
});
