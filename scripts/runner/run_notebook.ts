/**
 * One notebook from file to verdict: read and check it, execute it, then either compare its
 * fresh outputs with the committed ones (regression, the default) or write them back (`write`).
 */
import type { ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { dirname, resolve } from "node:path";
import { executeNotebook, type CellProgress, type ExecutionResult } from "./execute";
import { cellTags, NotebookError, readNotebook, TAGS, writeNotebook } from "./notebook_io";
import type { Tolerance } from "./numeric_tolerance";
import type { PlotlyPictures } from "./plotly_pictures";
import { describeDifference, firstOutputDifference } from "./regression";

export interface RunOptions {
  /** Save the executed notebook instead of comparing it with the committed one. */
  write: boolean;
  /** Save it even when the run failed (implies `write`). */
  writeFailed: boolean;
  /** Per-cell timeout in seconds (the notebook's metadata.execution.timeout wins). */
  timeoutSeconds: number;
  tolerance: Tolerance;
  /** Draws the pictures of plotly charts into a notebook before it is written. */
  pictures?: PlotlyPictures;
  onCellStart?: (progress: CellProgress) => void;
}

/** The verdict on one notebook. */
export interface NotebookResult {
  path: string;
  passed: boolean;
  /** Code cells executed, and how many were to be. */
  cellsRun: number;
  cellsToRun: number;
  seconds: number;
  /** Every problem found, first the one that names the failure; empty when it passed. */
  problems: string[];
  /** Whether the notebook file was rewritten. */
  written: boolean;
}

/** Runs one notebook; every failure, bad input included, ends up in the result, never thrown. */
export async function runNotebook(path: string, options: RunOptions): Promise<NotebookResult> {
  const started = performance.now();
  const verdict = (fields: Omit<NotebookResult, "path" | "seconds" | "passed">): NotebookResult => ({
    path,
    passed: fields.problems.length === 0,
    seconds: (performance.now() - started) / 1000,
    ...fields,
  });

  let notebook: INotebookContent;
  try {
    notebook = await readNotebook(path);
  } catch (error) {
    if (!(error instanceof NotebookError)) throw error;
    return verdict({ cellsRun: 0, cellsToRun: 0, problems: [error.message], written: false });
  }
  const executeOptions = { timeoutSeconds: options.timeoutSeconds, ...(options.onCellStart && { onCellStart: options.onCellStart }) };
  const run = await executeNotebook(notebook, dirname(resolve(path)), executeOptions);
  const problems = run.failure ? [run.failure.message] : [];
  const write = options.writeFailed || options.write;
  if (!write) problems.push(...regressionProblems(notebook, run, options.tolerance));
  let written = false;
  // a chart whose picture cannot be drawn keeps the notebook from being written (unless --write-failed)
  if (write && (problems.length === 0 || options.writeFailed)) {
    try {
      await options.pictures?.addTo(run.notebook);
    } catch (error) {
      problems.push(`could not draw a plotly chart's picture: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  if (write && (problems.length === 0 || options.writeFailed)) {
    try {
      await writeNotebook(path, run.notebook);
      written = true;
    } catch (error) {
      problems.push(`could not write the notebook: ${(error as Error).message}`);
    }
  }
  return verdict({ cellsRun: run.executedCells.size, cellsToRun: run.cellsToRun, problems, written });
}

/** Regression problems of the executed cells, one per cell (only when the run itself passed). */
function regressionProblems(committed: INotebookContent, run: ExecutionResult, tolerance: Tolerance): string[] {
  if (run.failure) return [];
  const problems: string[] = [];
  for (const index of [...run.executedCells].sort((a, b) => a - b)) {
    const before = committed.cells[index] as ICodeCell;
    const after = run.notebook.cells[index] as ICodeCell;
    if (cellTags(before).includes(TAGS.noRegression)) continue;
    const cell = `cell ${index + 1}`;
    if (before.execution_count === null && before.outputs.length === 0) {
      problems.push(`${cell}: no committed outputs (never executed); run with --write to record them`);
      continue;
    }
    const difference = firstOutputDifference(before.outputs, after.outputs, tolerance);
    if (difference !== undefined) problems.push(`${cell} differs from the committed notebook: ${describeDifference(difference)}`);
  }
  return problems;
}
