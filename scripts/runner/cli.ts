/**
 * The command line of run-notebooks: arguments, which files they name, notebooks run in
 * parallel, one line per notebook on stdout and a last line `N passed, N failed`.
 */
import { readdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_TOLERANCE } from "./numeric_tolerance";
import { PlotlyPictures } from "./plotly_pictures";
import { EXIT_USAGE, parseOrExplain, type Streams } from "../command_line";
import { ProgressReporter } from "./progress";
import { runNotebook, type NotebookResult, type RunOptions } from "./run_notebook";

const USAGE = `Usage: run-notebooks [options] <notebook.ipynb | folder>...

Runs each notebook on a fresh tslab kernel, cell by cell, and compares the outputs with the
committed ones (numbers within tolerance; timings, progress bars, stack frames, the
"seqlab backend:" line and image/png data masked; a plotly chart's PNG is left out). A folder
means every *.ipynb under it.

Options:
  --write           save the executed notebooks instead of comparing (only those that pass);
                    plotly charts get a PNG drawn in headless Chromium ($CHROMIUM_PATH or the
                    system's chromium; without it they are written without one, after a warning)
  --write-failed    like --write, and save notebooks whose run failed too
  --jobs N          notebooks run in parallel (default: ${availableParallelism()}, the CPU count)
  --timeout S       seconds a cell may run (default 600; metadata.execution.timeout wins)
  --rtol R          relative tolerance for numbers (default ${DEFAULT_TOLERANCE.rtol})
  --atol A          absolute tolerance for numbers (default ${DEFAULT_TOLERANCE.atol})
  --help            show this text

Cell tags: skip-execution (not run; committed outputs kept), raises-exception (the cell must
fail), no-regression (outputs not compared). Exit status: 0 all passed, 1 a notebook failed,
2 bad usage.`;

/** Exit statuses. */
const EXIT_PASSED = 0;
const EXIT_FAILED = 1;

/** Folders never searched for notebooks. */
const SKIPPED_FOLDERS = new Set(["node_modules", ".ipynb_checkpoints"]);

/** Runs the command line `args` (without node and script); resolves with the exit status. */
export async function main(args: readonly string[], { stdout, stderr }: Streams): Promise<number> {
  const commandLine = parseOrExplain("run-notebooks", USAGE, () => parseCommandLine(args), { stdout, stderr }, EXIT_PASSED);
  if ("status" in commandLine) return commandLine.status;
  const parsed = commandLine.options;
  if (parsed.paths.length === 0) {
    stderr.write(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  const progress = new ProgressReporter(stderr);
  const found = (await Promise.all(parsed.paths.map(findNotebooks))).flat();
  const notebooks = [...new Map(found.map((notebook) => [resolve(notebook.path), notebook])).values()];
  // written notebooks get pictures of their plotly charts (one browser for the whole run)
  const writing = parsed.options.write || parsed.options.writeFailed;
  const pictures = writing ? new PlotlyPictures({ warn: (message) => progress.printAbove(stderr, message) }) : undefined;
  const results = await runInParallel(notebooks, parsed.jobs, async (notebook) => {
    const name = displayName(notebook.path);
    if (notebook.problem !== undefined) {
      const result = badInput(notebook.path, notebook.problem);
      progress.printAbove(stdout, summaryLine(name, result));
      return result;
    }
    progress.notebookStarted(name);
    const result = await runNotebook(notebook.path, {
      ...parsed.options,
      ...(pictures && { pictures }),
      onCellStart: (cell) => progress.cellStarted(name, cell),
    });
    progress.notebookFinished(name);
    progress.printAbove(stdout, summaryLine(name, result));
    for (const problem of result.problems.slice(1)) progress.printAbove(stderr, `  ${name}: ${problem}`);
    return result;
  }).finally(() => pictures?.close());
  const failed = results.filter((result) => !result.passed).length;
  stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? EXIT_PASSED : EXIT_FAILED;
}

/** What the arguments ask for. */
interface CommandLine {
  help: boolean;
  paths: string[];
  jobs: number;
  options: RunOptions;
}

/** Parses the arguments; throws an Error with a one-line message for bad usage. */
function parseCommandLine(args: readonly string[]): CommandLine {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      write: { type: "boolean", default: false },
      "write-failed": { type: "boolean", default: false },
      jobs: { type: "string", default: String(availableParallelism()) },
      timeout: { type: "string", default: "600" },
      rtol: { type: "string", default: String(DEFAULT_TOLERANCE.rtol) },
      atol: { type: "string", default: String(DEFAULT_TOLERANCE.atol) },
      help: { type: "boolean", default: false },
    },
  });
  return {
    help: values.help,
    paths: positionals,
    jobs: numberOption("--jobs", values.jobs, (n) => Number.isInteger(n) && n > 0),
    options: {
      write: values.write,
      writeFailed: values["write-failed"],
      timeoutSeconds: numberOption("--timeout", values.timeout, (n) => n > 0),
      tolerance: {
        rtol: numberOption("--rtol", values.rtol, (n) => n >= 0),
        atol: numberOption("--atol", values.atol, (n) => n >= 0),
      },
    },
  };
}

/** The number an option's text names, checked by `valid`; throws `invalid NAME value: TEXT` for anything else. */
export function numberOption(name: string, text: string, valid: (n: number) => boolean): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || !valid(value)) throw new Error(`invalid ${name} value: ${text}`);
  return value;
}

/** A notebook to run, or a path that names none (with why). */
export interface NotebookInput {
  path: string;
  problem?: string;
}

/** The notebooks a path names: itself if a file, else every *.ipynb under it, sorted. */
export async function findNotebooks(path: string): Promise<NotebookInput[]> {
  const stats = await stat(path).catch(() => undefined);
  if (stats === undefined) return [{ path, problem: "no such file or folder" }];
  if (!stats.isDirectory()) return [{ path }];
  const found = await notebooksUnder(path);
  return found.length > 0 ? found.map((notebook) => ({ path: notebook })) : [{ path, problem: "no notebooks in this folder" }];
}

async function notebooksUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) found.push(...(await notebooksUnder(path)));
    else if (entry.isFile() && entry.name.endsWith(".ipynb")) found.push(path);
  }
  return found;
}

/** Runs `work` on every item with at most `jobs` at a time; results keep the items' order. */
export async function runInParallel<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

function badInput(path: string, problem: string): NotebookResult {
  return { path, passed: false, cellsRun: 0, cellsToRun: 0, seconds: 0, problems: [problem], written: false };
}

/** `PASS  name  12/12 cells  3.4s` or `FAIL  name  3/12 cells  1.2s  cell 3: …`. */
function summaryLine(name: string, result: NotebookResult): string {
  const fields = [result.passed ? "PASS" : "FAIL", name, `${result.cellsRun}/${result.cellsToRun} cells`, `${result.seconds.toFixed(1)}s`];
  if (result.problems[0] !== undefined) fields.push(result.problems[0]);
  if (result.written) fields.push("(written)");
  return fields.join("  ");
}

/** A path as the user would write it: relative to the working folder when inside it. */
export function displayName(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith("..") || fromHere === "" ? path : fromHere;
}
