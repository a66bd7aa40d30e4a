/**
 * The export command: its messages and exit statuses, and a file it writes run with tsx outside
 * Jupyter (seqlab resolved through a node_modules link to this checkout's).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/export/cli";

const ROOT = resolve(__dirname, "..", "..");

/** A notebook file's text, from code strings and markdown cells. */
function notebookText(cells: (string | { markdown: string })[]): string {
  const content = cells.map((cell, i) =>
    typeof cell === "string"
      ? { cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source: cell }
      : { cell_type: "markdown", id: `m${i}`, metadata: {}, source: cell.markdown },
  );
  const metadata = { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } };
  return JSON.stringify({ cells: content, metadata, nbformat: 4, nbformat_minor: 5 });
}

const DEMO = notebookText([
  { markdown: "# Demo" },
  'import * as tslab from "tslab";\nimport { check } from "seqlab";\nconst answer = await Promise.resolve(6 * 7);',
  'tslab.display.text("shown as text");\ntslab.display.png(new Uint8Array([137, 80, 78, 71]));\nanswer / 2',
  'check("the answer is 42", answer === 42, String(answer));',
]);

let folder: string;
/** Runs the command in `folder`; resolves with its exit status and what it wrote. */
async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: folder,
  });
  return { status, stdout, stderr };
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "export-cli-"));
  await writeFile(join(folder, "demo.ipynb"), DEMO);
  await writeFile(join(folder, "broken.ipynb"), '{"cells": [');
  await writeFile(
    join(folder, "other.ipynb"),
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, cells: [], metadata: { kernelspec: { name: "python3" } } }),
  );
  await symlink(join(ROOT, "node_modules"), join(folder, "node_modules"), "dir");
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("export-notebook", () => {
  it("says in one line why a file cannot be exported, and exits 1", async () => {
    expect(await run("missing.ipynb")).toEqual({ status: 1, stdout: "", stderr: "export-notebook: missing.ipynb: no such file\n" });
    const broken = await run("broken.ipynb");
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^export-notebook: broken\.ipynb: not valid JSON: [^\n]*\n$/);
    expect(await run("other.ipynb")).toMatchObject({
      status: 1,
      stderr: 'export-notebook: other.ipynb: kernel is "python3", not "tslab"\n',
    });
  });

  it("exits 2 with the usage for a bad command line", async () => {
    for (const args of [[], ["a.ipynb", "b.ipynb"], ["demo.ipynb", "--cell", "two"], ["--frobnicate"]]) {
      const result = await run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("Usage: export-notebook");
    }
    expect(await run("--help")).toMatchObject({ status: 0, stdout: expect.stringContaining("--cell N") });
  });

  it("writes NAME.mts in the current folder by default, or stdout with -o -", async () => {
    expect(await run("demo.ipynb")).toEqual({ status: 0, stdout: "wrote demo.mts; run it with: npx tsx demo.mts\n", stderr: "" });
    expect(await readFile(join(folder, "demo.mts"), "utf8")).toContain("// # Demo");
    expect((await run("demo.ipynb", "-o", "-")).stdout).toContain("// # Demo");
    expect((await run("demo.ipynb", "-o", "sub/demo.ts")).stderr).toContain('runs as .ts only in a package with "type": "module"');
  });

  it("writes a file that runs with tsx outside Jupyter: tslab display, last values and checks", async () => {
    await run("demo.ipynb", "-o", "run.mts");
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    const { stdout } = await promisify(execFile)(tsx, ["run.mts"], { cwd: folder });
    expect(stdout.split("\n")).toEqual([
      "shown as text",
      "a PNG picture",
      `  written to ${join(folder, "charts", "png.png")}`,
      "21",
      "✓ the answer is 42 (measured: 42)",
      "",
    ]);
    expect(await readdir(join(folder, "charts"))).toEqual(["png.png"]);
  }, 60_000);
});
