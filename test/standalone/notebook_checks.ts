/**
 * A notebook's closing checks, as the standalone test compares them: the claims the committed
 * notebook printed, the claims a run printed, and the checks that a copied cell, with the cells
 * it needs, can make on its own.
 */
import type { INotebookContent } from "@jupyterlab/nbformat";
import ts from "typescript";
import { declaredNames, parseCell, usedNames } from "../../scripts/export/names";

/** `✓ claim (measured: …)`, as seqlab's check() prints it: the claim, without what was measured. */
function claimOf(line: string): string {
  const claim = line.slice(2);
  const measured = claim.indexOf(" (measured: ");
  return measured === -1 ? claim : claim.slice(0, measured);
}

/** The claims of passed (`✓ …`) and failed (`✗ …`, inside the error a failed check throws) checks in a run's output. */
export function printedClaims(output: string): { passed: string[]; failed: string[] } {
  // an exercise's verdict (`✓ exercise NAME: solved`, `✗ exercise NAME: not yet — …`) is the learner's, not a claim
  const lines = output.split("\n").filter((line) => !/[✓✗] exercise /.test(line));
  return {
    passed: lines.filter((line) => line.startsWith("✓ ")).map(claimOf),
    failed: lines.flatMap((line) => {
      const at = line.indexOf("✗ ");
      return at === -1 ? [] : [claimOf(line.slice(at))];
    }),
  };
}

/** The lesson's cells: those before its Exercises section, whose checks are the learner's, not the lesson's. */
function lessonCells(notebook: INotebookContent): INotebookContent["cells"] {
  const exercises = notebook.cells.findIndex((cell) => cell.cell_type === "markdown" && (cell.source as string).startsWith("## Exercises"));
  return exercises === -1 ? notebook.cells : notebook.cells.slice(0, exercises);
}

/** The lesson's code cells' sources, in order. */
function codeSources(notebook: INotebookContent): string[] {
  return lessonCells(notebook)
    .filter((cell) => cell.cell_type === "code")
    .map((cell) => cell.source as string);
}

/** The claims the lesson's last cell (its checks) printed when the notebook was committed. */
export function committedClaims(notebook: INotebookContent): string[] {
  const last = lessonCells(notebook)
    .filter((cell) => cell.cell_type === "code")
    .at(-1);
  const outputs = (last?.outputs ?? []) as { output_type: string; text?: string }[];
  const text = outputs.map((output) => (output.output_type === "stream" ? (output.text ?? "") : "")).join("");
  return printedClaims(text).passed;
}

/** The number (1-based, every cell counted) of the first code cell whose source contains `text`. */
export function cellNumberWith(notebook: INotebookContent, text: string): number {
  const index = notebook.cells.findIndex((cell) => cell.cell_type === "code" && (cell.source as string).includes(text));
  if (index === -1) throw new Error(`no code cell contains ${JSON.stringify(text)}`);
  return index + 1;
}

/**
 * The statements of the notebook's checks cell that `exported` (a file of some of its cells) can
 * run: those using no name that another cell of the notebook declares and the file does not.
 * With the claims they check (each statement a `check("claim", …)` call).
 */
export function checksFor(notebook: INotebookContent, exported: string): { code: string; claims: string[] } {
  const sources = codeSources(notebook);
  const declaredInNotebook = new Set(sources.flatMap((source) => declaredNames(parseCell(source))));
  const declaredInFile = new Set(declaredNames(parseCell(exported)));
  const checks = parseCell(sources.at(-1) ?? "");
  const runnable = checks.statements.filter((statement) =>
    [...usedNames(statement)].every((name) => !declaredInNotebook.has(name) || declaredInFile.has(name)),
  );
  return {
    code: runnable.map((statement) => statement.getText(checks)).join("\n"),
    claims: runnable.map((statement) => claimChecked(statement, checks)),
  };
}

/** The claim a `check("claim", …)` statement checks. */
function claimChecked(statement: ts.Statement, file: ts.SourceFile): string {
  const call = ts.isExpressionStatement(statement) ? statement.expression : undefined;
  const claim = call !== undefined && ts.isCallExpression(call) ? call.arguments[0] : undefined;
  if (claim === undefined || !ts.isStringLiteral(claim)) {
    throw new Error(`not a check("claim", …) call: ${statement.getText(file).slice(0, 80)}`);
  }
  return claim.text;
}
