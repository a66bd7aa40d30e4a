/**
 * What the kit's command-line tools (run-notebooks, export-notebook) share: their streams, the
 * exit status for bad usage, the parse-or-explain step, and running `main` as the process.
 */
import type { TextSink } from "./runner/progress";

/** Where a command writes. */
export interface Streams {
  stdout: TextSink;
  stderr: TextSink;
}

/** The exit status of a command line that cannot be understood. */
export const EXIT_USAGE = 2;

/** What {@link parseOrExplain} returns: the parsed options, or the exit status to end with. */
export type Parsed<T> = { options: T } | { status: number };

/**
 * Parses a command line with `parse`. A parse error is written to stderr with the usage (exit
 * status {@link EXIT_USAGE}); `--help` writes the usage to stdout (exit status `helpStatus`).
 */
export function parseOrExplain<T extends { help: boolean }>(
  program: string,
  usage: string,
  parse: () => T,
  { stdout, stderr }: Streams,
  helpStatus: number,
): Parsed<T> {
  let options: T;
  try {
    options = parse();
  } catch (error) {
    stderr.write(`${program}: ${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return { status: EXIT_USAGE };
  }
  if (options.help) {
    stdout.write(`${usage}\n`);
    return { status: helpStatus };
  }
  return { options };
}

/** Runs a command's `main` as this process: its status becomes the exit code; a crash prints and exits 1. */
export function runAsProcess(main: () => Promise<number>): void {
  main().then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
