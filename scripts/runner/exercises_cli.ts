/**
 * The command line of `npm run exercises`: runs notebooks headlessly (never writing them) and
 * says, exercise by exercise, whether its check found it solved.
 */
import type { INotebookContent } from "@jupyterlab/nbformat";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseOrExplain, type Streams } from "../command_line";
import { displayName, findNotebooks, numberOption, runInParallel } from "./cli";
import { executeNotebook } from "./execute";
import { exerciseNames, parseSolutions, verdictsOf, withSolutions, type Verdict } from "./exercises";
import { NotebookError, readNotebook } from "./notebook_io";
import { ProgressReporter } from "./progress";

const USAGE = `Usage: exercises [options] [<notebook.ipynb | folder>...]   (default: notebooks)

Runs each notebook that has exercises on a fresh tslab kernel, as it is on disk (your answers
included), and prints for every exercise "solved" or "not yet" with what its check found wrong,
then the total. Notebooks are never written.

Options:
  --solutions       put the kit's answers (solutions/NOTEBOOK.ts beside the notebook) into the
                    exercise cells first
  --expect WHAT     exit 1 unless every exercise is WHAT: "solved" or "unsolved" (for CI)
  --jobs N          notebooks run in parallel (default: ${availableParallelism()}, the CPU count)
  --timeout S       seconds a cell may run (default 600)
  --help            show this text

Exit status: 0 done (whatever was solved), 1 a notebook could not be run or --expect did not
hold, 2 bad usage. A cell that fails ends its notebook's run: the exercises after it count as
not checked.`;

interface CommandLine {
  help: boolean;
  paths: string[];
  solutions: boolean;
  expect: "solved" | "unsolved" | undefined;
  jobs: number;
  timeoutSeconds: number;
}

/** What one notebook's run found. */
interface NotebookVerdicts {
  name: string;
  verdicts: Verdict[];
  /** Why the notebook could not be run to its end, if it could not. */
  problem: string | undefined;
}

/** Runs the command line `args`; resolves with the exit status. */
export async function main(args: readonly string[], { stdout, stderr }: Streams): Promise<number> {
  const commandLine = parseOrExplain("exercises", USAGE, () => parseCommandLine(args), { stdout, stderr }, 0);
  if ("status" in commandLine) return commandLine.status;
  const options = commandLine.options;
  const found = (await Promise.all(options.paths.map(findNotebooks))).flat();
  const progress = new ProgressReporter(stderr);
  const results = await runInParallel(found, options.jobs, async ({ path, problem }): Promise<NotebookVerdicts | undefined> => {
    const name = displayName(path);
    if (problem !== undefined) return { name, verdicts: [], problem };
    let notebook: INotebookContent;
    try {
      notebook = await prepare(path, options.solutions);
    } catch (error) {
      if (!(error instanceof NotebookError)) throw error;
      return { name, verdicts: [], problem: error.message };
    }
    if (exerciseNames(notebook).length === 0) return undefined;
    progress.notebookStarted(name);
    const run = await executeNotebook(notebook, dirname(resolve(path)), {
      timeoutSeconds: options.timeoutSeconds,
      onCellStart: (cell) => progress.cellStarted(name, cell),
    });
    progress.notebookFinished(name);
    const result = { name, verdicts: verdictsOf(run.notebook), problem: run.failure?.message };
    progress.printAbove(stdout, report(result));
    return result;
  });
  const ran = results.filter((result): result is NotebookVerdicts => result !== undefined);
  for (const result of ran.filter((r) => r.verdicts.length === 0)) stdout.write(`${report(result)}\n`);
  const verdicts = ran.flatMap((result) => result.verdicts);
  const solved = verdicts.filter((verdict) => verdict.solved).length;
  stdout.write(`total: ${solved} of ${verdicts.length} exercises solved\n`);
  const failed = ran.some((result) => result.problem !== undefined);
  const expected = options.expect === undefined || verdicts.every((verdict) => verdict.solved === (options.expect === "solved"));
  if (!expected) stderr.write(`exercises: expected every exercise ${options.expect}\n`);
  if (verdicts.length === 0 && !failed) stderr.write("exercises: no exercise cells (cell id exercise-NAME) in these notebooks\n");
  return failed || !expected || verdicts.length === 0 ? 1 : 0;
}

/** The notebook to run: as on disk, or with the kit's solutions put into its exercise cells. */
async function prepare(path: string, solutions: boolean): Promise<INotebookContent> {
  const notebook = await readNotebook(path);
  if (!solutions || exerciseNames(notebook).length === 0) return notebook;
  const file = join(dirname(path), "solutions", `${basename(path, ".ipynb")}.ts`);
  const text = await readFile(file, "utf8").catch(() => {
    throw new NotebookError(`no solutions file ${file}`);
  });
  return withSolutions(notebook, parseSolutions(text, file), file);
}

/** A notebook's lines: its name, one line per exercise, its count, and why it stopped if it did. */
function report({ name, verdicts, problem }: NotebookVerdicts): string {
  const lines = [name, ...verdicts.map((v) => (v.solved ? `  ✓ ${v.name}: solved` : `  ✗ ${v.name}: not yet — ${v.message}`))];
  if (verdicts.length > 0) lines.push(`  ${verdicts.filter((v) => v.solved).length} of ${verdicts.length} solved`);
  if (problem !== undefined) lines.push(verdicts.length > 0 ? `  the run stopped: ${problem}` : `  not run: ${problem}`);
  return lines.join("\n");
}

function parseCommandLine(args: readonly string[]): CommandLine {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      solutions: { type: "boolean", default: false },
      expect: { type: "string" },
      jobs: { type: "string", default: String(availableParallelism()) },
      timeout: { type: "string", default: "600" },
      help: { type: "boolean", default: false },
    },
  });
  const expect = values.expect;
  if (expect !== undefined && expect !== "solved" && expect !== "unsolved")
    throw new Error(`--expect takes "solved" or "unsolved", not ${JSON.stringify(expect)}`);
  return {
    help: values.help,
    paths: positionals.length > 0 ? positionals : ["notebooks"],
    solutions: values.solutions,
    expect,
    jobs: numberOption("--jobs", values.jobs, (n) => Number.isInteger(n) && n > 0),
    timeoutSeconds: numberOption("--timeout", values.timeout, (n) => n > 0),
  };
}
