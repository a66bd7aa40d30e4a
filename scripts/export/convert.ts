/**
 * A notebook as one TypeScript file that runs with `npx tsx`, outside the kernel: the code cells
 * in order, each markdown cell as // comments above the code it explains, and the cells the
 * notebook does not run as such (skip-execution, raises-exception) commented out. The file is an
 * ES module, since tslab cells use top-level await. Or only some cells, with the earlier cells
 * they need: a cell copied into another project together with what it stands on.
 */
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import ts from "typescript";
import { cellTags, TAGS } from "../runner/notebook_io";
import { applyEdits, type Edit } from "./edits";
import { ExportError } from "./export_error";
import { lastValueEdit } from "./last_value";
import { markdownComment } from "./markdown_comment";
import { declaredNames, parseCell, statementNames, usedNames } from "./names";
import { cellsNeeded } from "./slice";
import { TSLAB_STAND_IN, tslabImportEdits, tslabStandIn } from "./tslab_display";

/** What to export, and how to name it. */
export interface ExportOptions {
  /** The notebook's path as the user wrote it, named in the file's first line. */
  source: string;
  /** The exported file's name, for the line that says how to run it. Default "FILE". */
  fileName?: string;
  /**
   * Numbers of the cells to export (1 is the notebook's first cell, markdown cells count), each
   * with the earlier code cells it needs and the markdown just above each of those. Default:
   * every cell.
   */
  cells?: readonly number[];
}

/** Tags of code cells that a script leaves out (commented), and why. */
const LEFT_OUT: Readonly<Record<string, string>> = {
  [TAGS.skipExecution]: `the notebook does not run it either (tag ${TAGS.skipExecution})`,
  [TAGS.raisesException]: `it fails on purpose in the notebook (tag ${TAGS.raisesException})`,
};

/** One cell, ready to be written. */
interface Cell {
  /** 1-based, counting every cell: the number the file's separators show. */
  number: number;
  kind: "markdown" | "raw" | "code" | "left out";
  source: string;
  /** Code cells: the parsed source. */
  file?: ts.SourceFile;
  /** Left-out cells: why. */
  reason?: string;
}

/** The exported file's text; throws ExportError when the notebook cannot be one file. */
export function exportNotebook(notebook: INotebookContent, options: ExportOptions): string {
  const cells = notebook.cells.map(toCell);
  const chosen = options.cells === undefined ? cells : withWhatTheyNeed(cells, options.cells);
  const code = chosen.filter((cell) => cell.kind === "code");
  const edits = new Map(code.map((cell) => [cell, cellEdits(cell)]));
  for (const [cell, removals] of repeatedImports(code)) {
    // a removed import needs no other edit (a repeated tslab import, say)
    const kept = edits.get(cell)!.filter((edit) => !removals.some((removal) => removal.start === edit.start));
    edits.set(cell, [...kept, ...removals]);
  }
  const importsTslab = code.some((cell) => edits.get(cell)!.some((edit) => edit.text.includes(TSLAB_STAND_IN)));

  const parts = [header(options, chosen)];
  if (importsTslab) parts.push(tslabStandIn());
  for (const cell of chosen) {
    const body = cell.kind === "code" ? applyEdits(cell.source, edits.get(cell)!) : cell.source;
    const text = cell.kind === "code" ? body.trimEnd() : cell.kind === "markdown" ? markdownComment(body) : comment(body);
    parts.push(`${separator(cell)}\n${text}\n`);
  }
  return parts.join("\n");
}

function toCell(cell: ICell, index: number): Cell {
  const number = index + 1;
  const source = cell.source as string;
  if (cell.cell_type === "markdown" || cell.cell_type === "raw") return { number, kind: cell.cell_type, source };
  const leftOut = cellTags(cell).find((tag) => tag in LEFT_OUT);
  if (leftOut !== undefined) return { number, kind: "left out", source, reason: LEFT_OUT[leftOut] };
  return { number, kind: "code", source, file: parseCell(source, `cell-${number}.ts`) };
}

/** The cells asked for, the earlier code cells they need, and the markdown cell just above each. */
function withWhatTheyNeed(cells: readonly Cell[], numbers: readonly number[]): Cell[] {
  const code = cells.filter((cell) => cell.kind === "code");
  const names = code.map((cell) => ({ index: cell.number, declared: declaredNames(cell.file!), used: usedNames(cell.file!) }));
  const wanted = new Set<number>();
  for (const number of numbers) {
    const cell = cells[number - 1];
    if (!Number.isInteger(number) || cell === undefined) {
      throw new ExportError(`there is no cell ${number} (the notebook has cells 1 to ${cells.length})`);
    }
    if (cell.kind !== "code") {
      const what = cell.kind === "left out" ? `left out: ${cell.reason}` : `a ${cell.kind} cell, not code to run`;
      throw new ExportError(`cell ${number} is ${what}`);
    }
    for (const needed of cellsNeeded(names, number)) wanted.add(needed);
  }
  for (const number of [...wanted]) {
    if (cells[number - 2]?.kind === "markdown") wanted.add(number - 1);
  }
  return cells.filter((cell) => wanted.has(cell.number));
}

/** Edits inside one code cell: its tslab imports, and its last value printed. */
function cellEdits(cell: Cell): Edit[] {
  const edits = tslabImportEdits(cell.file!, `cell ${cell.number}`);
  const last = lastValueEdit(cell.file!);
  return last === undefined ? edits : [...edits, last];
}

/**
 * A later cell repeating an import word for word (the same line in two cells) loses the repeat;
 * any other name declared by two cells is an error, since one file cannot declare it twice.
 */
function repeatedImports(code: readonly Cell[]): Map<Cell, Edit[]> {
  const imports = new Set<string>();
  const declaredIn = new Map<string, number>();
  const removals = new Map<Cell, Edit[]>();
  for (const cell of code) {
    const file = cell.file!;
    for (const statement of file.statements) {
      if (ts.isImportDeclaration(statement) && isRepeat(statement.getText(file), imports)) {
        removals.set(cell, [...(removals.get(cell) ?? []), { start: statement.getStart(file), end: statement.getEnd(), text: "" }]);
        continue;
      }
      for (const name of statementNames(statement)) {
        const first = declaredIn.get(name);
        if (first !== undefined) {
          throw new ExportError(
            `cell ${cell.number} declares \`${name}\` again (cell ${first} declared it first): the kernel allows that, ` +
              `one file does not; rename one of them`,
          );
        }
        declaredIn.set(name, cell.number);
      }
    }
  }
  return removals;
}

/** Whether this import was seen before (compared with whitespace collapsed); remembers it. */
function isRepeat(text: string, seen: Set<string>): boolean {
  const key = text.replace(/\s+/g, " ").replace(/;$/, "");
  if (seen.has(key)) return true;
  seen.add(key);
  return false;
}

function header(options: ExportOptions, chosen: readonly Cell[]): string {
  const lines = [
    `// ${options.source}, exported by \`npm run export\` (From RNN to Attention) as a script of its own.`,
    `// Run it with \`npx tsx ${options.fileName ?? "FILE"}\` in a project that has run \`npm install seqlab @tensorflow/tfjs tsx\`.`,
    "// It is an ES module (the cells use top-level await): keep the .mts extension, or use .ts in a",
    '// package with "type": "module". Markdown cells are the comments; charts are written to charts/.',
  ];
  if (options.cells !== undefined) {
    const code = chosen.filter((cell) => cell.kind === "code").map((cell) => cell.number);
    lines.push(`// Only cell ${options.cells.join(", ")} and the cells it needs: ${code.join(", ")}.`);
  }
  return `${lines.join("\n")}\n`;
}

/** The line above each cell: its number in the notebook and what it is. */
function separator(cell: Cell): string {
  const what = cell.kind === "code" ? "" : cell.kind === "left out" ? ` (left out: ${cell.reason})` : ` (${cell.kind})`;
  const line = `// ── cell ${cell.number}${what} `;
  return line.padEnd(100, "─");
}

/** A raw cell, or the code of a left-out cell, as // comments, line by line. */
function comment(text: string): string {
  return text
    .trimEnd()
    .split(/\r?\n/)
    .map((line) => (line.trim() === "" ? "//" : `// ${line}`.trimEnd()))
    .join("\n");
}
