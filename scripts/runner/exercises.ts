/**
 * Exercises in notebooks: a stub cell whose id is `exercise-NAME`, and a check cell that prints
 * `✓ exercise NAME: solved` or `✗ exercise NAME: not yet — WHY` (seqlab's `checkExercise`).
 * Solutions live beside the notebooks, in `solutions/NOTEBOOK.ts`, one section per exercise:
 *
 *   // exercise: NAME
 *   function …   (the whole stub cell's replacement)
 */
import type { ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { NotebookError } from "./notebook_io";

/** The id prefix of an exercise's stub cell: `exercise-NAME`. */
const STUB_PREFIX = "exercise-";
/** The line that starts a solution's section. */
const SECTION = /^\/\/ exercise: (\S+)\s*$/;
const VERDICT = /^([✓✗]) exercise (\S+): (solved|not yet — (.*))$/;

/** One exercise's verdict in an executed notebook. */
export interface Verdict {
  name: string;
  solved: boolean;
  /** What the check said is wrong; empty when solved. */
  message: string;
}

/** The exercises a notebook has, in order: the names of its stub cells. */
export function exerciseNames(notebook: INotebookContent): string[] {
  return notebook.cells.flatMap((cell) => {
    const id = typeof cell.id === "string" ? cell.id : "";
    return cell.cell_type === "code" && id.startsWith(STUB_PREFIX) ? [id.slice(STUB_PREFIX.length)] : [];
  });
}

/** A solutions file's sections: exercise name → the code that replaces its stub cell. */
export function parseSolutions(text: string, file: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (name !== undefined) sections.set(name, lines.join("\n").trim());
  };
  for (const line of text.split("\n")) {
    const start = SECTION.exec(line);
    if (start?.[1] !== undefined) {
      close();
      name = start[1];
      if (sections.has(name)) throw new NotebookError(`${file}: exercise ${name} has two solutions`);
      lines = [];
    } else if (name !== undefined) lines.push(line);
  }
  close();
  if (sections.size === 0) throw new NotebookError(`${file}: no "// exercise: NAME" section`);
  return sections;
}

/** A copy of `notebook` with every stub cell's source replaced by its solution; each exercise must have one, and each solution its stub. */
export function withSolutions(notebook: INotebookContent, solutions: ReadonlyMap<string, string>, file: string): INotebookContent {
  const solved = structuredClone(notebook);
  const names = exerciseNames(solved);
  const missing = names.filter((name) => !solutions.has(name));
  if (missing.length > 0) throw new NotebookError(`${file} has no solution for ${missing.join(", ")}`);
  const unknown = [...solutions.keys()].filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new NotebookError(`${file} solves ${unknown.join(", ")}, which the notebook has no exercise cell for`);
  for (const cell of solved.cells) {
    const id = typeof cell.id === "string" ? cell.id : "";
    const solution = solutions.get(id.slice(STUB_PREFIX.length));
    if (cell.cell_type === "code" && id.startsWith(STUB_PREFIX) && solution !== undefined) cell.source = solution;
  }
  return solved;
}

/** The verdicts an executed notebook's checks printed, in the order of its exercises; an exercise whose check did not run is not solved. */
export function verdictsOf(executed: INotebookContent): Verdict[] {
  const printed = new Map<string, Verdict>();
  for (const cell of executed.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of (cell as ICodeCell).outputs) {
      if (output.output_type !== "stream") continue;
      for (const line of [output["text"] as string | string[]].flat().join("").split("\n")) {
        const match = VERDICT.exec(line);
        if (match?.[2] !== undefined) printed.set(match[2], { name: match[2], solved: match[1] === "✓", message: match[4] ?? "" });
      }
    }
  }
  return exerciseNames(executed).map((name) => printed.get(name) ?? { name, solved: false, message: "its check cell printed no verdict" });
}
