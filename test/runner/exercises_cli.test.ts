/**
 * End to end: `npm run exercises` on a small notebook in a temporary folder, on a real tslab
 * kernel, as committed (the stub) and with its solutions file put in; the notebook is never written.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/runner/exercises_cli";

/** A kernel start takes 1-2 s, more on a busy machine. */
const RUN_TIMEOUT_MS = 60_000;

/** One exercise, `double`, with a check that prints its verdict as seqlab's checkExercise does (seqlab does not resolve in a temporary folder). */
const NOTEBOOK = JSON.stringify({
  cells: [
    { cell_type: "markdown", id: "task", metadata: {}, source: "### Exercise: double a number" },
    {
      cell_type: "code",
      id: "exercise-double",
      metadata: { tags: ["exercise"] },
      execution_count: null,
      outputs: [],
      source: 'function double(x: number): number {\n  throw new Error("the stub is still there: return 2 x");\n}',
    },
    {
      cell_type: "code",
      id: "check-double",
      metadata: { tags: ["exercise-check"] },
      execution_count: null,
      outputs: [],
      source:
        'try {\n  const got = double(21);\n  console.log(got === 42 ? "✓ exercise double: solved" : `✗ exercise double: not yet — double(21): ${got}, expected 42`);\n} catch (error) {\n  console.log(`✗ exercise double: not yet — ${(error as Error).message}`);\n}',
    },
  ],
  metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
});

let folder: string;
let path: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "seqlab-exercises-"));
  path = join(folder, "lesson.ipynb");
  await writeFile(path, NOTEBOOK);
  await mkdir(join(folder, "solutions"));
  await writeFile(
    join(folder, "solutions", "lesson.ts"),
    "// exercise: double\nfunction double(x: number): number {\n  return 2 * x;\n}\n",
  );
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

describe("npm run exercises", () => {
  it(
    "reports the stub as not yet, with its check's message, and the total",
    async () => {
      const result = await run(["--expect", "unsolved", path]);
      expect(result.stdout).toContain("  ✗ double: not yet — the stub is still there: return 2 x\n  0 of 1 solved");
      expect(result.stdout).toContain("total: 0 of 1 exercises solved");
      expect(result.status).toBe(0);
      expect(await readFile(path, "utf8")).toBe(NOTEBOOK);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "with the solutions put in, reports the exercise solved, and fails an --expect that does not hold",
    async () => {
      const solved = await run(["--solutions", "--expect", "solved", path]);
      expect(solved.stdout).toContain("  ✓ double: solved");
      expect(solved.stdout).toContain("total: 1 of 1 exercises solved");
      expect(solved.status).toBe(0);
      const wrongExpectation = await run(["--solutions", "--expect", "unsolved", path]);
      expect(wrongExpectation.stderr).toContain("exercises: expected every exercise unsolved");
      expect(wrongExpectation.status).toBe(1);
      expect(await readFile(path, "utf8")).toBe(NOTEBOOK);
    },
    2 * RUN_TIMEOUT_MS,
  );

  it("says which notebook has no solutions file", async () => {
    await rm(join(folder, "solutions", "lesson.ts"));
    const result = await run(["--solutions", path]);
    expect(result.stdout).toMatch(/not run: no solutions file .*solutions\/lesson\.ts/);
    expect(result.status).toBe(1);
  });
});
