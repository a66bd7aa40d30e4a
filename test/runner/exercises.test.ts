import type { INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { exerciseNames, parseSolutions, verdictsOf, withSolutions } from "../../scripts/runner/exercises";

/** A notebook with two exercises: stub cells exercise-gate and exercise-mask, their checks printing verdicts. */
function notebook(verdicts: string[]): INotebookContent {
  const code = (id: string, source: string, text?: string) => ({
    cell_type: "code",
    id,
    metadata: {},
    source,
    execution_count: null,
    outputs: text === undefined ? [] : [{ output_type: "stream", name: "stdout", text }],
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript" } },
    cells: [
      { cell_type: "markdown", id: "task", metadata: {}, source: "### Exercise" },
      code("exercise-gate", 'function gate() { return notYet("σ"); }'),
      code("check-gate", "await checkExercise(…)", verdicts[0]),
      code("exercise-mask", 'function mask() { return notYet("0 or 1"); }'),
      code("check-mask", "await checkExercise(…)", verdicts[1]),
    ],
  };
}

describe("exercises", () => {
  it("are the code cells whose id is exercise-NAME, in order", () => {
    expect(exerciseNames(notebook([]))).toEqual(["gate", "mask"]);
  });

  it("read solutions as one section per '// exercise: NAME' line", () => {
    const solutions = parseSolutions(
      "// the kit's answers\n// exercise: gate\nfunction gate() {\n  return 1;\n}\n\n// exercise: mask\nfunction mask() { return 0; }\n",
      "s.ts",
    );
    expect([...solutions]).toEqual([
      ["gate", "function gate() {\n  return 1;\n}"],
      ["mask", "function mask() { return 0; }"],
    ]);
    expect(() => parseSolutions("function gate() {}", "s.ts")).toThrow('s.ts: no "// exercise: NAME" section');
    expect(() => parseSolutions("// exercise: gate\n1\n// exercise: gate\n2", "s.ts")).toThrow("s.ts: exercise gate has two solutions");
  });

  it("put each solution in place of its stub, in a copy, and refuse a missing or an unknown one", () => {
    const original = notebook([]);
    const solved = withSolutions(
      original,
      new Map([
        ["gate", "G"],
        ["mask", "M"],
      ]),
      "s.ts",
    );
    expect(solved.cells.map((cell) => cell.source)).toEqual(["### Exercise", "G", "await checkExercise(…)", "M", "await checkExercise(…)"]);
    expect(original.cells[1]?.source).toBe('function gate() { return notYet("σ"); }');
    expect(() => withSolutions(original, new Map([["gate", "G"]]), "s.ts")).toThrow("s.ts has no solution for mask");
    expect(() =>
      withSolutions(
        original,
        new Map([
          ["gate", "G"],
          ["mask", "M"],
          ["heads", "H"],
        ]),
        "s.ts",
      ),
    ).toThrow("s.ts solves heads, which the notebook has no exercise cell for");
  });

  it("take their verdicts from the lines the checks printed; a check that printed none is not solved", () => {
    expect(verdictsOf(notebook(["✓ exercise gate: solved\n", "✗ exercise mask: not yet — mask has shape [2], expected [3]\n"]))).toEqual([
      { name: "gate", solved: true, message: "" },
      { name: "mask", solved: false, message: "mask has shape [2], expected [3]" },
    ]);
    expect(verdictsOf(notebook(["✓ exercise gate: solved\n"]))[1]).toEqual({
      name: "mask",
      solved: false,
      message: "its check cell printed no verdict",
    });
  });
});
