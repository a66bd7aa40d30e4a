import * as fs from "node:fs";
import * as path from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { PLOTLY_MIME } from "../../lib/src/plot/mime";
import { pictureSize } from "../../scripts/runner/plotly_pictures";

const NOTEBOOKS = path.join(__dirname, "..", "..", "notebooks");

/** Every committed notebook's plotly outputs: the figure, whether it has a picture, and the size the output asks a viewer to show it at. */
function plotlyOutputs(file: string): { figure: unknown; hasPicture: boolean; shownSize: unknown }[] {
  const notebook = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, file), "utf8")) as INotebookContent;
  return notebook.cells.flatMap((cell) =>
    cell.cell_type !== "code"
      ? []
      : (cell["outputs"] as { data?: Record<string, unknown>; metadata?: Record<string, unknown> }[]).flatMap((output) =>
          output.data !== undefined && PLOTLY_MIME in output.data
            ? [{ figure: output.data[PLOTLY_MIME], hasPicture: "image/png" in output.data, shownSize: output.metadata?.["image/png"] }]
            : [],
        ),
  );
}

describe("the committed notebooks' plotly charts", () => {
  const files = fs.readdirSync(NOTEBOOKS).filter((file) => file.endsWith(".ipynb"));
  const withPlotly = files.filter((file) => plotlyOutputs(file).length > 0);

  it("are found (notebooks 06 and 08 draw heatmaps and a 3-D block)", () => {
    expect(withPlotly).toEqual(expect.arrayContaining(["06-attention.ipynb", "08-normalization.ipynb"]));
  });

  it.each(withPlotly)("%s: each has a picture for static viewers, shown at the figure's own size", (file) => {
    for (const { figure, hasPicture, shownSize } of plotlyOutputs(file)) {
      expect(hasPicture).toBe(true);
      expect(shownSize).toEqual(pictureSize(figure));
    }
  });
});
