/**
 * The command line of export-notebook: which notebook, which cells, where the file goes, and
 * one line saying what was written (or why nothing was).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, extname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { NotebookError, readNotebook } from "../runner/notebook_io";
import { parseOrExplain, type Streams } from "../command_line";
import { exportNotebook } from "./convert";
import { ExportError } from "./export_error";

const USAGE = `Usage: export-notebook <notebook.ipynb> [-o FILE] [--cell N]...

Writes a notebook as one TypeScript file that runs outside Jupyter with \`npx tsx FILE\`, in any
project that has run \`npm install seqlab @tensorflow/tfjs tsx\`: code cells in order, markdown
cells as // comments, cells tagged skip-execution or raises-exception commented out, tslab's
display calls sent through seqlab (charts are written to charts/). Top-level await makes the
file an ES module, hence the .mts extension.

Options:
  -o, --output FILE  where to write (default: the notebook's name with .mts, in the current
                     folder); - writes to stdout
  --cell N           only cell N (1 is the notebook's first cell, markdown cells count; the
                     file's "── cell N" lines show the numbers) and the earlier cells it needs;
                     may be given several times
  --help             show this text

Exit status: 0 written, 1 the notebook cannot be exported, 2 bad usage.`;

const EXIT_WRITTEN = 0;
const EXIT_FAILED = 1;

/** Where the command writes, and the folder relative paths start from. */
export interface CliEnvironment extends Streams {
  /** The folder the user typed the command in (npm sets INIT_CWD to it). */
  cwd: string;
}

/** Runs the command line `args` (without node and script); resolves with the exit status. */
export async function main(args: readonly string[], { stdout, stderr, cwd }: CliEnvironment): Promise<number> {
  const commandLine = parseOrExplain("export-notebook", USAGE, () => parseCommandLine(args), { stdout, stderr }, EXIT_WRITTEN);
  if ("status" in commandLine) return commandLine.status;
  const parsed = commandLine.options;
  const notebookPath = resolve(cwd, parsed.notebook);
  const toStdout = parsed.output === "-";
  const output = resolve(cwd, parsed.output ?? `${basename(notebookPath, extname(notebookPath))}.mts`);
  let text: string;
  try {
    const notebook = await readNotebook(notebookPath);
    text = exportNotebook(notebook, {
      source: basename(notebookPath),
      ...(toStdout ? {} : { fileName: basename(output) }),
      ...(parsed.cells.length > 0 ? { cells: parsed.cells } : {}),
    });
  } catch (error) {
    if (!(error instanceof NotebookError || error instanceof ExportError)) throw error;
    stderr.write(`export-notebook: ${parsed.notebook}: ${error.message}\n`);
    return EXIT_FAILED;
  }
  if (toStdout) {
    stdout.write(text);
    return EXIT_WRITTEN;
  }
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, text);
  const shown = relative(cwd, output).startsWith("..") ? output : relative(cwd, output);
  stdout.write(`wrote ${shown}; run it with: npx tsx ${shown}\n`);
  if (![".mts", ".mjs"].includes(extname(output))) {
    stderr.write(`export-notebook: note: ${shown} uses top-level await; it runs as .ts only in a package with "type": "module"\n`);
  }
  return EXIT_WRITTEN;
}

interface CommandLine {
  help: boolean;
  notebook: string;
  output: string | undefined;
  cells: number[];
}

function parseCommandLine(args: readonly string[]): CommandLine {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      output: { type: "string", short: "o" },
      cell: { type: "string", multiple: true },
      help: { type: "boolean" },
    },
  });
  if (values.help === true) return { help: true, notebook: "", output: undefined, cells: [] };
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? "no notebook given" : "give one notebook");
  const cells = (values.cell ?? []).map((text) => {
    const number = Number(text);
    if (!Number.isInteger(number) || number < 1) throw new Error(`--cell ${text}: not a cell number (1, 2, …)`);
    return number;
  });
  return { help: false, notebook: positionals[0], output: values.output, cells };
}
