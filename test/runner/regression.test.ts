import type { IOutput } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { DEFAULT_TOLERANCE } from "../../scripts/runner/numeric_tolerance";
import { comparableText, describeDifference, firstOutputDifference } from "../../scripts/runner/regression";

const stdout = (text: string): IOutput => ({ output_type: "stream", name: "stdout", text });
const chart = (png: string, summary: string): IOutput => ({
  output_type: "display_data",
  data: { "text/plain": summary, "image/png": png, "application/vnd.vegalite.v5+json": { mark: "line", width: 300 } },
  metadata: {},
});

describe("firstOutputDifference", () => {
  it("accepts outputs equal up to masking and tolerance", () => {
    const committed = [stdout("seqlab backend: tensorflow\nloss 0.25031 in 1.2s\n")];
    const fresh = [stdout("seqlab backend: wasm\nloss 0.25033 in 3.4s\n")];
    expect(firstOutputDifference(committed, fresh, DEFAULT_TOLERANCE)).toBeUndefined();
  });

  it("compares pictures by presence only, other MIME data in full", () => {
    expect(firstOutputDifference([chart("AAAA", "loss")], [chart("BBBB", "loss")], DEFAULT_TOLERANCE)).toBeUndefined();
    expect(firstOutputDifference([chart("AAAA", "loss")], [chart("AAAA", "accuracy")], DEFAULT_TOLERANCE)).toEqual({
      outputNumber: 1,
      expected: "loss",
      actual: "accuracy",
    });
  });

  it("leaves a plotly chart's picture out: the runner draws it only when it writes a notebook", () => {
    const plotly = (withPicture: boolean): IOutput => ({
      output_type: "display_data",
      data: {
        "application/vnd.plotly.v1+json": { data: [{ type: "heatmap", z: [[1]] }], layout: {} },
        "text/plain": "weights",
        ...(withPicture && { "image/png": "AAAA" }),
      },
      metadata: {},
    });
    expect(firstOutputDifference([plotly(true)], [plotly(false)], DEFAULT_TOLERANCE)).toBeUndefined();
    expect(firstOutputDifference([plotly(false)], [plotly(true)], DEFAULT_TOLERANCE)).toBeUndefined();
    const vegaWithoutPicture: IOutput = {
      ...chart("AAAA", "loss"),
      data: { "text/plain": "loss", "application/vnd.vegalite.v5+json": {} },
    };
    expect(firstOutputDifference([chart("AAAA", "loss")], [vegaWithoutPicture], DEFAULT_TOLERANCE)).toBeDefined();
  });

  it("compares JSON data whatever the order of its keys (committed notebooks have them sorted)", () => {
    const spec = (value: Record<string, unknown>): IOutput =>
      ({ output_type: "display_data", data: { "application/vnd.vegalite.v5+json": value }, metadata: {} }) as IOutput;
    const committed = [spec({ data: { values: [1] }, mark: "line", title: "loss" })];
    const fresh = [spec({ title: "loss", mark: "line", data: { values: [1] } })];
    expect(firstOutputDifference(committed, fresh, DEFAULT_TOLERANCE)).toBeUndefined();
  });

  it("reports the first differing output with the differing line", () => {
    const committed = [stdout("same\n"), stdout("value 42\nnext\n")];
    const fresh = [stdout("same\n"), stdout("value 43\nnext\n")];
    const difference = firstOutputDifference(committed, fresh, DEFAULT_TOLERANCE);
    expect(difference).toEqual({ outputNumber: 2, expected: "value 42", actual: "value 43" });
    expect(describeDifference(difference!)).toBe('output 2: expected "value 42", got "value 43"');
  });

  it("reports a missing or an extra output", () => {
    expect(firstOutputDifference([stdout("a\n")], [], DEFAULT_TOLERANCE)).toEqual({
      outputNumber: 1,
      expected: "stream stdout",
      actual: "(no output)",
    });
    expect(firstOutputDifference([], [stdout("a\n")], DEFAULT_TOLERANCE)?.outputNumber).toBe(1);
  });

  it("tells stdout from stderr", () => {
    const stderr: IOutput = { output_type: "stream", name: "stderr", text: "a\n" };
    expect(firstOutputDifference([stdout("a\n")], [stderr], DEFAULT_TOLERANCE)?.expected).toBe("stream stdout");
  });
});

describe("comparableText", () => {
  it("lists MIME types in sorted order with JSON pretty-printed", () => {
    expect(comparableText(chart("AAAA", "loss"))).toBe(
      'display_data\n[application/vnd.vegalite.v5+json]\n{\n "mark": "line",\n "width": 300\n}\n[image/png]\n(present)\n[text/plain]\nloss',
    );
  });
});
