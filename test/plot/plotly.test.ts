import { describe, expect, it } from "vitest";
import { PLOTLY_MIME } from "../../lib/src/plot/mime";
import { plotlyBundle } from "../../lib/src/plot/plotly";

describe("plotlyBundle", () => {
  it("carries the figure and the summary; the picture is the runner's to add", () => {
    const figure = { data: [{ type: "bar", y: [1] }], layout: {} };
    expect(plotlyBundle(figure, "one bar")).toEqual({ [PLOTLY_MIME]: figure, "text/plain": "one bar" });
  });
});
