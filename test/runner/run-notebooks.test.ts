/**
 * End to end: small notebooks in a temporary folder, run on real tslab kernels, first through the
 * command line (--write), then through `main` (regression against what the first run wrote).
 */
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/runner/cli";

const ROOT = resolve(__dirname, "..", "..");
/** Each batch starts several kernels (1-2 s each, more on a busy machine). */
const BATCH_TIMEOUT_MS = 120_000;

type CellSpec = string | { source: string; tags: string[]; outputs?: unknown[] };

/** An unexecuted nbformat 4.5 notebook whose code cells hold `cells`, after one markdown cell. */
function notebook(cells: CellSpec[], kernel = "tslab", extraMetadata: Record<string, unknown> = {}): string {
  const code = cells.map((spec, i) => {
    const { source, tags, outputs } = typeof spec === "string" ? { source: spec, tags: [], outputs: [] } : spec;
    return { cell_type: "code", id: `code-${i}`, metadata: { tags }, execution_count: null, outputs: outputs ?? [], source };
  });
  const intro = { cell_type: "markdown", id: "intro", metadata: {}, source: "# A test notebook" };
  const metadata = { kernelspec: { name: kernel, display_name: "TypeScript", language: "typescript" }, ...extraMetadata };
  return JSON.stringify({ cells: [intro, ...code], metadata, nbformat: 4, nbformat_minor: 5 }, null, 1) + "\n";
}

/** The passing notebook: output, a display updated in place, an expected failure, a skipped cell. */
const PASSING = notebook([
  'const answer: number = 6 * 7\nconsole.log("answer", answer)',
  "console.log((Math.PI * 1000).toFixed(6))\nanswer / 4",
  'import * as tslab from "tslab"\nconst shown = tslab.newDisplay()\nshown.text("draft")\nshown.text("final")\nconsole.log("took 12.3 ms")',
  { source: 'throw new Error("expected failure")', tags: ["raises-exception"] },
  'console.log("after the expected failure")',
  {
    source: 'throw new Error("never run")',
    tags: ["skip-execution"],
    outputs: [{ output_type: "stream", name: "stdout", text: "kept\n" }],
  },
]);

/** Notebooks that must fail, by the reason their line must give (cell numbers count the markdown cell). */
const FAILING: Record<string, { content: string; reason: RegExp }> = {
  "type_error.ipynb": {
    content: notebook(["1", "const s: string = 3", "3"]),
    reason: /cell 3: 1:7 - Type 'number' is not assignable to type 'string'\./,
  },
  "runtime_error.ipynb": {
    content: notebook(['console.log("before")', 'throw new RangeError("out of range")', "3"]),
    reason: /cell 3: RangeError: out of range/,
  },
  "raises_but_passes.ipynb": {
    content: notebook(["1", { source: "2", tags: ["raises-exception"] }]),
    reason: /cell 3: tagged raises-exception but ran without error/,
  },
  "hangs.ipynb": {
    content: notebook(["1", "await new Promise(() => {})", "3"]),
    reason: /cell 3: timed out after 3s/,
  },
  "kernel_dies.ipynb": {
    content: notebook(["process.exit(3)"]),
    reason: /cell 2: the kernel exited with code 3/,
  },
  "broken.ipynb": { content: '{ "cells": [', reason: /not valid JSON/ },
  "python.ipynb": { content: notebook(["1"], "python3"), reason: /kernel is "python3", not "tslab"/ },
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "run-notebooks-test-"));
  await mkdir(join(folder, "inputs", ".ipynb_checkpoints"), { recursive: true });
  await writeFile(join(folder, "inputs", "passing.ipynb"), PASSING);
  await writeFile(join(folder, "inputs", ".ipynb_checkpoints", "passing-checkpoint.ipynb"), "not even JSON");
  for (const [name, { content }] of Object.entries(FAILING)) await writeFile(join(folder, "inputs", name), content);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** Runs the command line with tsx from the repository root. */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/run-notebooks.ts", ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolveRun({ status, stdout, stderr }));
  });
}

/** Runs `main` in this process and captures what it prints. */
async function runMain(args: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = "";
  const status = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } });
  return { status, stdout };
}

/** The stdout line about one notebook. */
function lineFor(stdout: string, name: string): string {
  return stdout.split("\n").find((line) => line.includes(`/${name} `)) ?? `(no line for ${name})`;
}

describe("run-notebooks command line", () => {
  it("prints usage and exits with 2 without arguments", async () => {
    const { status, stderr } = await runCli([]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^Usage: run-notebooks/);
  });

  describe("--write on a folder of good and bad notebooks", () => {
    let run: Awaited<ReturnType<typeof runCli>>;
    beforeAll(async () => {
      run = await runCli(["--write", "--timeout", "3", "--jobs", "2", join(folder, "inputs"), join(folder, "missing.ipynb")]);
    }, BATCH_TIMEOUT_MS);

    it("exits non-zero and ends with the totals line", () => {
      expect(run.status).toBe(1);
      expect(run.stdout.trimEnd().split("\n").pop()).toBe("1 passed, 8 failed");
    });

    it("passes and writes the passing notebook, checkpoints ignored", async () => {
      expect(lineFor(run.stdout, "passing.ipynb")).toMatch(/^PASS {2}.*passing\.ipynb {2}5\/5 cells {2}[\d.]+s {2}\(written\)$/);
      expect(run.stdout).not.toContain("checkpoint");
      const written = JSON.parse(await readFile(join(folder, "inputs", "passing.ipynb"), "utf8"));
      const texts = written.cells.map((cell: { outputs?: unknown[] }) => JSON.stringify(cell.outputs ?? []));
      expect(texts[1]).toContain("answer 42");
      expect(texts[2]).toContain("3141.592654");
      expect(texts[2]).toContain("10.5");
      expect(texts[3]).toContain('"final"');
      expect(texts[3]).not.toContain('"draft"');
      expect(texts[4]).toContain("expected failure");
      expect(texts[5]).toContain("after the expected failure");
      expect(texts[6]).toContain("kept");
      expect(written.cells[1].execution_count).toBe(1);
    });

    it.each(Object.entries(FAILING))("fails %s with a reason that names the cell", (name, { reason }) => {
      expect(lineFor(run.stdout, name)).toMatch(new RegExp(`^FAIL  .*${name.replace(".", "\\.")}  .*${reason.source}`));
    });

    it("fails a missing path", () => {
      expect(lineFor(run.stdout, "missing.ipynb")).toMatch(/^FAIL {2}.*missing\.ipynb {2}0\/0 cells {2}0\.0s {2}no such file or folder$/);
    });

    it("stops a hanging cell soon after its timeout", () => {
      const seconds = Number(/ ([\d.]+)s /.exec(lineFor(run.stdout, "hangs.ipynb"))?.[1]);
      expect(seconds).toBeLessThan(15);
    });

    it("leaves every failed notebook as it was", async () => {
      for (const [name, { content }] of Object.entries(FAILING)) {
        expect(await readFile(join(folder, "inputs", name), "utf8")).toBe(content);
      }
    });
  });
});

describe("run-notebooks regression (main)", () => {
  const paths = (name: string) => join(folder, "regression", name);
  let regression: { status: number; stdout: string };
  let writeFailed: { status: number; stdout: string };

  beforeAll(async () => {
    await mkdir(join(folder, "regression"));
    const written = await readFile(join(folder, "inputs", "passing.ipynb"), "utf8");
    await copyFile(join(folder, "inputs", "passing.ipynb"), paths("unchanged.ipynb"));
    await writeFile(paths("edited.ipynb"), written.replace("answer 42", "answer 41"));
    await writeFile(paths("within_tolerance.ipynb"), written.replace("3141.592654", "3141.593").replace("10.5", "10.503"));
    await writeFile(paths("never_run.ipynb"), PASSING);
    await writeFile(paths("type_error.ipynb"), FAILING["type_error.ipynb"].content);
    await writeFile(paths("own_timeout.ipynb"), notebook(["await new Promise(() => {})"], "tslab", { execution: { timeout: 2 } }));
    const regressionNotebooks = ["unchanged", "edited", "within_tolerance", "never_run", "own_timeout"];
    [regression, writeFailed] = await Promise.all([
      runMain(["--jobs", "2", ...regressionNotebooks.map((name) => paths(`${name}.ipynb`))]),
      runMain(["--write-failed", "--jobs", "1", paths("type_error.ipynb")]),
    ]);
  }, BATCH_TIMEOUT_MS);

  it("passes a notebook whose outputs match, numbers within tolerance included", () => {
    expect(lineFor(regression.stdout, "unchanged.ipynb")).toMatch(/^PASS {2}/);
    expect(lineFor(regression.stdout, "within_tolerance.ipynb")).toMatch(/^PASS {2}/);
  });

  it("fails an edited committed output and names the cell and output", () => {
    expect(lineFor(regression.stdout, "edited.ipynb")).toMatch(
      /^FAIL {2}.*cell 2 differs from the committed notebook: output 1: expected "answer 41", got "answer 42"$/,
    );
  });

  it("fails a notebook that was never executed and says to run --write", () => {
    expect(lineFor(regression.stdout, "never_run.ipynb")).toMatch(/^FAIL {2}.*cell 2: no committed outputs .*--write/);
  });

  it("takes the per-cell timeout from the notebook's metadata.execution.timeout", () => {
    expect(lineFor(regression.stdout, "own_timeout.ipynb")).toMatch(/^FAIL {2}.*cell 2: timed out after 2s$/);
  });

  it("does not write in regression mode", async () => {
    expect(await readFile(paths("never_run.ipynb"), "utf8")).toBe(PASSING);
    expect(regression.status).toBe(1);
    expect(regression.stdout.trimEnd().split("\n").pop()).toBe("2 passed, 3 failed");
  });

  it("writes a failed run with --write-failed", async () => {
    expect(writeFailed.status).toBe(1);
    expect(lineFor(writeFailed.stdout, "type_error.ipynb")).toMatch(/^FAIL {2}.*cell 3: .*\(written\)$/);
    const written = JSON.parse(await readFile(paths("type_error.ipynb"), "utf8"));
    expect(JSON.stringify(written.cells[2].outputs)).toContain("is not assignable to type 'string'");
  });
});
