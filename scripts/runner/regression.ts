/**
 * Regression: fresh outputs against the committed ones, output by output, after masking what
 * legitimately varies (see masking.ts) and with a numeric tolerance (see numeric_tolerance.ts).
 * Pictures differ by renderer, so for them only their presence is compared; the picture of a
 * plotly chart is left out altogether, as the runner draws it only when it writes a notebook
 * (plotly_pictures.ts), so a fresh run has none.
 */
import type { IOutput } from "@jupyterlab/nbformat";
import { maskVariableText } from "./masking";
import { sortKeys } from "./notebook_io";
import { firstDifferingLine, type Tolerance } from "./numeric_tolerance";
import { PLOTLY_MIME } from "../../lib/src/plot/mime";

/** MIME types compared by presence only. */
const PRESENCE_ONLY_MIMES = new Set(["image/png", "image/jpeg", "image/gif"]);

/** Longest snippet of expected/actual text shown in a report. */
const SNIPPET_CHARS = 100;

/** Where a cell's fresh outputs first differ from the committed ones. */
export interface OutputDifference {
  /** 1-based index of the output in the cell. */
  outputNumber: number;
  expected: string;
  actual: string;
}

/** Compares one cell's outputs; returns the first difference, or undefined when they match. */
export function firstOutputDifference(
  committed: readonly IOutput[],
  fresh: readonly IOutput[],
  tolerance: Tolerance,
): OutputDifference | undefined {
  for (let i = 0; i < Math.max(committed.length, fresh.length); i++) {
    const expected = committed[i] === undefined ? "(no output)" : comparableText(committed[i]);
    const actual = fresh[i] === undefined ? "(no output)" : comparableText(fresh[i]);
    const line = firstDifferingLine(expected, actual, tolerance);
    if (line !== undefined) {
      return { outputNumber: i + 1, expected: lineSnippet(expected, line), actual: lineSnippet(actual, line) };
    }
  }
  return undefined;
}

/** Formats a difference for a report: `output 2: expected "…", got "…"`. */
export function describeDifference({ outputNumber, expected, actual }: OutputDifference): string {
  return `output ${outputNumber}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/**
 * One output as masked text: a first line naming its kind (stream name, output type), then for
 * each MIME type in sorted order a `[mime]` line and its value (JSON values pretty-printed, keys
 * sorted; pictures as `(present)`; a plotly chart's picture not at all).
 */
export function comparableText(output: IOutput): string {
  const lines = [output.output_type === "stream" ? `stream ${String(output["name"])}` : output.output_type];
  if (output.output_type === "stream") lines.push(String(output["text"]));
  if (output.output_type === "error") lines.push(`${String(output["ename"])}: ${String(output["evalue"])}`);
  const data = (output["data"] ?? {}) as Record<string, unknown>;
  for (const mime of Object.keys(data).sort()) {
    if (mime === "image/png" && PLOTLY_MIME in data) continue;
    const value = data[mime];
    lines.push(`[${mime}]`);
    if (PRESENCE_ONLY_MIMES.has(mime)) lines.push("(present)");
    // JSON values with sorted keys: the committed notebook was written that way (notebook_io.ts)
    else lines.push(typeof value === "string" ? value : JSON.stringify(value, sortKeys, 1));
  }
  return maskVariableText(lines.join("\n"));
}

function lineSnippet(text: string, line: number): string {
  const shown = text.split("\n")[line] ?? "(end of output)";
  return shown.length > SNIPPET_CHARS ? shown.slice(0, SNIPPET_CHARS - 1) + "…" : shown;
}
