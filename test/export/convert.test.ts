import type { INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { exportNotebook } from "../../scripts/export/convert";
import { ExportError } from "../../scripts/export/export_error";
import { TSLAB_STAND_IN } from "../../scripts/export/tslab_display";

type CellSpec = string | { markdown: string } | { code: string; tags: string[] };

/** A notebook as readNotebook returns it (sources joined), from code strings and markdown cells. */
function notebook(cells: CellSpec[]): INotebookContent {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((spec) =>
      typeof spec === "object" && "markdown" in spec
        ? { cell_type: "markdown", metadata: {}, source: spec.markdown }
        : {
            cell_type: "code",
            metadata: typeof spec === "string" ? {} : { tags: spec.tags },
            execution_count: null,
            outputs: [],
            source: typeof spec === "string" ? spec : spec.code,
          },
    ),
  };
}

const LESSON = notebook([
  { markdown: "# A lesson\n\nWith a paragraph." },
  'import { Random, check } from "seqlab";\nconst random = new Random(1);',
  { markdown: "An aside." },
  "const unused = 3;",
  { markdown: "The data:" },
  "const data = [random.next(), random.next()];",
  { code: 'throw new Error("on purpose")', tags: ["raises-exception"] },
  'check("two numbers", data.length === 2);',
]);

/** The lines of the file that are not comments or blank. */
const codeLines = (text: string) => text.split("\n").filter((line) => line !== "" && !line.startsWith("//"));

describe("exportNotebook", () => {
  it("writes code cells in order and markdown as comments, under a numbered separator each", () => {
    const text = exportNotebook(LESSON, { source: "lesson.ipynb", fileName: "lesson.mts" });
    expect(text.split("\n")[0]).toBe("// lesson.ipynb, exported by `npm run export` (From RNN to Attention) as a script of its own.");
    expect(text).toContain("npx tsx lesson.mts");
    expect(text).toContain("// ── cell 1 (markdown) ──");
    expect(text).toContain("// # A lesson\n//\n// With a paragraph.\n");
    expect(text).toMatch(/\/\/ ── cell 2 ─+\nimport \{ Random, check \} from "seqlab";\n/);
    expect(codeLines(text)).toEqual([
      'import { Random, check } from "seqlab";',
      "const random = new Random(1);",
      "const unused = 3;",
      "const data = [random.next(), random.next()];",
      'check("two numbers", data.length === 2);',
    ]);
  });

  it("comments out cells the notebook does not run, saying why", () => {
    const text = exportNotebook(LESSON, { source: "lesson.ipynb" });
    expect(text).toContain("// ── cell 7 (left out: it fails on purpose in the notebook (tag raises-exception)) ");
    expect(text).toContain('// throw new Error("on purpose")');
  });

  it("exports one cell with the cells it needs and the markdown above them", () => {
    const text = exportNotebook(LESSON, { source: "lesson.ipynb", cells: [8] });
    expect(text).toContain("// Only cell 8 and the cells it needs: 2, 6, 8.");
    expect(text).toContain("// # A lesson");
    expect(text).toContain("// The data:");
    expect(text).not.toContain("An aside.");
    expect(codeLines(text)).not.toContain("const unused = 3;");
  });

  it("refuses cells that are not code to run, or not there", () => {
    expect(() => exportNotebook(LESSON, { source: "l", cells: [5] })).toThrow("cell 5 is a markdown cell, not code to run");
    expect(() => exportNotebook(LESSON, { source: "l", cells: [7] })).toThrow(
      "cell 7 is left out: it fails on purpose in the notebook (tag raises-exception)",
    );
    expect(() => exportNotebook(LESSON, { source: "l", cells: [9] })).toThrow("there is no cell 9 (the notebook has cells 1 to 8)");
  });

  it("drops an import repeated word for word, and refuses a name declared twice", () => {
    const repeated = notebook(['import * as tf from "@tensorflow/tfjs";', 'import * as tf  from "@tensorflow/tfjs"\ntf.ones([1]).print()']);
    expect(codeLines(exportNotebook(repeated, { source: "r" }))).toEqual([
      'import * as tf from "@tensorflow/tfjs";',
      "tf.ones([1]).print()",
    ]);
    const twice = notebook(["const x = 1;", "x", "const x = 2;"]);
    expect(() => exportNotebook(twice, { source: "t" })).toThrow(ExportError);
    expect(() => exportNotebook(twice, { source: "t" })).toThrow("cell 3 declares `x` again (cell 1 declared it first)");
  });

  it("prints a cell's last value, as the kernel shows it", () => {
    expect(codeLines(exportNotebook(notebook(["const a = 6 * 7\na / 4"]), { source: "v" }))).toEqual([
      "const a = 6 * 7",
      "console.log(a / 4);",
    ]);
  });

  it("puts the tslab stand-in first when a cell imports tslab", () => {
    const text = exportNotebook(notebook(['import * as tslab from "tslab"\ntslab.display.text("hi")']), { source: "d" });
    expect(text.indexOf(`const ${TSLAB_STAND_IN} =`)).toBeLessThan(text.indexOf("// ── cell 1"));
    expect(text).toContain(`const tslab = ${TSLAB_STAND_IN};`);
    expect(exportNotebook(LESSON, { source: "l" })).not.toContain(TSLAB_STAND_IN);
    const twice = notebook(['import * as tslab from "tslab";', 'import * as tslab from "tslab";\ntslab.display.text("hi")']);
    expect(codeLines(exportNotebook(twice, { source: "t" })).filter((line) => line.startsWith("const tslab ="))).toEqual([
      `const tslab = ${TSLAB_STAND_IN};`,
    ]);
  });
});
