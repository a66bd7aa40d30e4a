/**
 * Runs a notebook's code cells in order on a fresh tslab kernel and records their outputs.
 *
 * tslab reports a failing cell (runtime error or type error) only as a stderr stream plus
 * `status: "error"` in execute_reply, so each cell is judged by its reply status. Tags:
 * `skip-execution` leaves a cell (and its committed outputs) alone; `raises-exception` means
 * the cell must fail. The first cell that does not do what it should ends the run.
 */
import type { ICodeCell, INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { setTimeout as sleep } from "node:timers/promises";
import { Kernel } from "./kernel";
import { cellTags, isCodeCell, TAGS } from "./notebook_io";
import { DisplayRegistry, OutputCollector } from "./output_collector";

/**
 * After a failed cell tslab cancels (status "abort") every execute_request that arrives within
 * 200 ms; after an expected failure the next cell waits a little longer than that.
 */
const ABORT_WINDOW_MS = 250;

export interface ExecuteOptions {
  /** Per-cell timeout in seconds; the notebook's `metadata.execution.timeout` takes precedence. */
  timeoutSeconds: number;
  /** Called as each code cell starts, with its 1-based number in the notebook (all cell types counted). */
  onCellStart?: (progress: CellProgress) => void;
}

export interface CellProgress {
  cellNumber: number;
  /** 1-based position among the code cells that run. */
  runningCell: number;
  cellsToRun: number;
}

/** Why a run failed; `cellNumber` is undefined when no cell was to blame (the kernel did not start). */
export interface RunFailure {
  cellNumber: number | undefined;
  message: string;
}

export interface ExecutionResult {
  /** A copy of the notebook whose executed cells hold the fresh outputs and execution counts. */
  notebook: INotebookContent;
  /** Indexes (0-based) of the cells that were executed. */
  executedCells: ReadonlySet<number>;
  /** How many code cells the run was to execute (tagged skip-execution ones excluded). */
  cellsToRun: number;
  failure: RunFailure | undefined;
}

/** How one cell's execution ended. */
type CellOutcome = { kind: "reply"; status: string } | { kind: "timeout"; seconds: number } | { kind: "lost"; message: string };

/** Executes the notebook in `folder` (the kernel's working directory); never throws for a cell. */
export async function executeNotebook(notebook: INotebookContent, folder: string, options: ExecuteOptions): Promise<ExecutionResult> {
  const executed = structuredClone(notebook);
  const executedCells = new Set<number>();
  const toRun = executed.cells.flatMap((cell, index) =>
    isCodeCell(cell) && !cellTags(cell).includes(TAGS.skipExecution) ? [{ cell, index }] : [],
  );
  const result = (failure: RunFailure | undefined): ExecutionResult => ({
    notebook: executed,
    executedCells,
    cellsToRun: toRun.length,
    failure,
  });

  let kernel: Kernel;
  try {
    kernel = await Kernel.start(folder);
  } catch (error) {
    return result({ cellNumber: undefined, message: `the kernel did not start: ${(error as Error).message}` });
  }
  const timeoutSeconds = notebookTimeout(notebook) ?? options.timeoutSeconds;
  const displays = new DisplayRegistry();
  try {
    for (const [position, { cell, index }] of toRun.entries()) {
      const cellNumber = index + 1;
      options.onCellStart?.({ cellNumber, runningCell: position + 1, cellsToRun: toRun.length });
      const outcome = await executeCell(kernel, cell, timeoutSeconds, displays);
      executedCells.add(index);
      const expectFailure = cellTags(cell).includes(TAGS.raisesException);
      const problem = judge(outcome, expectFailure, cell.outputs);
      if (problem !== undefined) {
        if (outcome.kind === "timeout") kernel.interrupt();
        return result({ cellNumber, message: `cell ${cellNumber}: ${problem}` });
      }
      if (expectFailure) await sleep(ABORT_WINDOW_MS);
    }
    return result(undefined);
  } finally {
    await kernel.shutdown();
  }
}

/** Sends one cell to the kernel; its outputs and execution count are written into `cell` as they come. */
async function executeCell(kernel: Kernel, cell: ICodeCell, timeoutSeconds: number, displays: DisplayRegistry): Promise<CellOutcome> {
  const collector = new OutputCollector(displays);
  cell.outputs = collector.outputs;
  cell.execution_count = null;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutSeconds * 1000);
  try {
    const reply = await kernel.client.request(
      "shell",
      "execute_request",
      {
        code: [cell.source].flat().join(""),
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
      { onIopub: (message) => collector.add(message), signals: [timeout.signal, kernel.died] },
    );
    const count = reply.content["execution_count"];
    cell.execution_count = typeof count === "number" ? count : null;
    return { kind: "reply", status: String(reply.content["status"]) };
  } catch (error) {
    if (timeout.signal.aborted) return { kind: "timeout", seconds: timeoutSeconds };
    return { kind: "lost", message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** What went wrong with a cell, or undefined when it did what it should. */
function judge(outcome: CellOutcome, expectFailure: boolean, outputs: readonly IOutput[]): string | undefined {
  switch (outcome.kind) {
    case "timeout":
      return `timed out after ${outcome.seconds}s`;
    case "lost":
      return outcome.message;
    case "reply":
      if (expectFailure) return outcome.status === "ok" ? "tagged raises-exception but ran without error" : undefined;
      if (outcome.status === "ok") return undefined;
      if (outcome.status === "abort") return 'aborted by the kernel (execute_reply status "abort")';
      return firstErrorLine(outputs) ?? `failed (execute_reply status ${JSON.stringify(outcome.status)})`;
  }
}

/**
 * The line that best names a cell's error: the first `SomethingError: message` line of its
 * stderr (a runtime error's stderr starts with the source location), else stderr's first line.
 */
export function firstErrorLine(outputs: readonly IOutput[]): string | undefined {
  const errorOutput = outputs.find((output) => output.output_type === "error");
  if (errorOutput !== undefined) return `${String(errorOutput["ename"])}: ${String(errorOutput["evalue"])}`;
  const stderr = outputs
    .filter((output) => output.output_type === "stream" && output["name"] === "stderr")
    .map((output) => String(output["text"]))
    .join("");
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.find((line) => /^[\w$.]*(?:Error|Exception)\b.*:/.test(line)) ?? lines[0];
}

/** The notebook's own per-cell timeout (`metadata.execution.timeout`, seconds), if it sets one. */
function notebookTimeout(notebook: INotebookContent): number | undefined {
  const execution = notebook.metadata["execution"];
  const timeout = typeof execution === "object" && execution !== null ? (execution as { timeout?: unknown }).timeout : undefined;
  return typeof timeout === "number" && timeout > 0 ? timeout : undefined;
}
