/**
 * Reading, checking and writing notebooks in nbformat 4. In memory every multiline string is one
 * string; on disk they are lists of lines, keys are sorted and the indent is one space, as
 * Jupyter's own writer (nbformat.write) lays them out.
 */
import type { ICell, ICodeCell, INotebookContent, IOutput, MultilineString } from "@jupyterlab/nbformat";
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";

/** Why a notebook cannot be run: one line, shown as the notebook's failure reason. */
export class NotebookError extends Error {}

/** The kernel every notebook of the kit runs on. */
const KERNEL_NAME = "tslab";

/** Reads, parses and checks a notebook; throws NotebookError with a one-line reason. */
export async function readNotebook(path: string): Promise<INotebookContent> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NotebookError(code === "ENOENT" ? "no such file" : `cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NotebookError(`not valid JSON: ${(error as Error).message}`);
  }
  return checkNotebook(json);
}

/** Checks that `json` is an nbformat 4 notebook for the tslab kernel and joins its multiline strings. */
export function checkNotebook(json: unknown): INotebookContent {
  if (!isObject(json) || json["nbformat"] !== 4) {
    const version = isObject(json) ? json["nbformat"] : undefined;
    throw new NotebookError(`not an nbformat 4 notebook (nbformat: ${JSON.stringify(version) ?? "missing"})`);
  }
  const { cells, metadata } = json;
  if (!Array.isArray(cells) || !isObject(metadata) || typeof json["nbformat_minor"] !== "number") {
    throw new NotebookError("not an nbformat 4 notebook (cells, metadata or nbformat_minor missing)");
  }
  cells.forEach(checkCell);
  const kernelName = isObject(metadata["kernelspec"]) ? metadata["kernelspec"]["name"] : undefined;
  if (kernelName !== KERNEL_NAME) {
    throw new NotebookError(
      kernelName === undefined
        ? `no kernelspec in the notebook metadata (expected "${KERNEL_NAME}")`
        : `kernel is ${JSON.stringify(kernelName)}, not "${KERNEL_NAME}"`,
    );
  }
  const notebook = json as INotebookContent;
  for (const cell of notebook.cells) joinCellText(cell);
  return notebook;
}

function checkCell(cell: unknown, index: number): void {
  const where = `cell ${index + 1}`;
  if (!isObject(cell) || typeof cell["cell_type"] !== "string" || !isMultiline(cell["source"])) {
    throw new NotebookError(`not an nbformat 4 notebook (${where} has no cell_type or source)`);
  }
  if (cell["cell_type"] === "code" && (!Array.isArray(cell["outputs"]) || !("execution_count" in cell))) {
    throw new NotebookError(`not an nbformat 4 notebook (${where} is code without outputs or execution_count)`);
  }
}

/** Serialises a notebook as Jupyter does: lines split, keys sorted, indent 1, newline at the end. */
export function formatNotebook(notebook: INotebookContent): string {
  const onDisk = structuredClone(notebook);
  for (const cell of onDisk.cells) {
    if (onDisk.nbformat_minor >= 5 && cell.id === undefined) cell.id = randomBytes(4).toString("hex");
    splitCellText(cell);
  }
  return JSON.stringify(onDisk, sortKeys, 1) + "\n";
}

/** Writes next to the target first and renames, so that readers never see half a notebook. */
export async function writeNotebook(path: string, notebook: INotebookContent): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, formatNotebook(notebook));
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/**
 * The cell tags the kit's tools act on (the names nbclient and JupyterLab use too):
 * skip-execution, the cell is not run (its committed outputs are kept); raises-exception, the
 * cell must fail; no-regression, its outputs are not compared with the committed ones.
 */
export const TAGS = {
  skipExecution: "skip-execution",
  raisesException: "raises-exception",
  noRegression: "no-regression",
} as const;

/** The cell's tags (`metadata.tags`), empty when it has none. */
export function cellTags(cell: ICell): readonly string[] {
  const tags = cell.metadata["tags"];
  return Array.isArray(tags) ? tags : [];
}

export function isCodeCell(cell: ICell): cell is ICodeCell {
  return cell.cell_type === "code";
}

/** MIME types whose values are JSON documents, never split into lines. */
function isJsonMime(mime: string): boolean {
  return mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
}

/** MIME types Jupyter stores as lists of lines: text/* plus these two. */
function isLineSplitMime(mime: string): boolean {
  return mime.startsWith("text/") || mime === "application/javascript" || mime === "image/svg+xml";
}

function joinCellText(cell: ICell): void {
  cell.source = joinLines(cell.source);
  if (!isCodeCell(cell)) return;
  for (const output of cell.outputs) {
    if (output.output_type === "stream") output["text"] = joinLines(output["text"] as MultilineString);
    const data = output["data"];
    if (!isObject(data)) continue;
    for (const [mime, value] of Object.entries(data)) {
      if (!isJsonMime(mime) && isMultiline(value)) data[mime] = joinLines(value);
    }
  }
}

function splitCellText(cell: ICell): void {
  cell.source = splitLines(cell.source);
  if (!isCodeCell(cell)) return;
  for (const output of cell.outputs) splitOutputText(output);
}

function splitOutputText(output: IOutput): void {
  if (output.output_type === "stream") output["text"] = splitLines(output["text"] as MultilineString);
  const data = output["data"];
  if (!isObject(data)) return;
  for (const [mime, value] of Object.entries(data)) {
    if (isLineSplitMime(mime) && typeof value === "string") data[mime] = splitLines(value);
  }
}

function joinLines(text: MultilineString): string {
  return Array.isArray(text) ? text.join("") : text;
}

/** Python's `str.splitlines(keepends=True)` for \n, \r\n and \r. */
function splitLines(text: MultilineString): string[] {
  return joinLines(text).match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function isMultiline(value: unknown): value is MultilineString {
  return typeof value === "string" || (Array.isArray(value) && value.every((line) => typeof line === "string"));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON.stringify replacer that writes object keys in sorted order, as Python's sort_keys does. */
export function sortKeys(_key: string, value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
