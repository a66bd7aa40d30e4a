import { DisplayHandle, type MimeBundle } from "./display";
import { escapeHtml } from "./html";

/** What a table cell may hold. Numbers that are not whole are written with 4 decimals. */
export type TableValue = string | number | boolean | null | undefined;

/** A row: values in column order, or an object read by column name. */
export type TableRow = readonly TableValue[] | Readonly<Record<string, TableValue>>;

/**
 * A table as one bundle: `text/html` (JupyterLab, VS Code and GitHub draw it as a table) and an
 * aligned `text/plain` form. Used for prediction tables: input, expected output, the model's output.
 */
export function tableBundle(rows: readonly TableRow[], columns: readonly string[]): MimeBundle {
  const cells = rows.map((row) => columns.map((column, i) => (isValueList(row) ? row[i] : row[column])));
  return { "text/html": htmlTable(cells, columns), "text/plain": plainTable(cells, columns) };
}

/** Shows a table as a new output (outside a kernel: printed as text). */
export function showTable(rows: readonly TableRow[], columns: readonly string[]): void {
  new DisplayHandle("table").show(tableBundle(rows, columns));
}

function htmlTable(cells: readonly TableValue[][], columns: readonly string[]): string {
  const header = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("");
  const body = cells.map((row) => {
    const tds = row.map(
      (value) => `<td${typeof value === "number" ? ' style="text-align: right"' : ""}>${escapeHtml(formatValue(value))}</td>`,
    );
    return `<tr>${tds.join("")}</tr>`;
  });
  return `<table>\n<thead><tr>${header}</tr></thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>\n`;
}

/** Columns padded to their widest entry, numbers right-aligned, a rule under the header. */
function plainTable(cells: readonly TableValue[][], columns: readonly string[]): string {
  const texts = cells.map((row) => row.map(formatValue));
  const widths = columns.map((column, i) => Math.max(column.length, ...texts.map((row) => row[i].length)));
  const line = (entries: readonly string[], rightAligned: (i: number) => boolean) =>
    entries
      .map((entry, i) => (rightAligned(i) ? entry.padStart(widths[i]) : entry.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((row) => typeof row[i] === "number"));
  return [
    line(columns, (i) => numeric[i]),
    line(
      widths.map((width) => "-".repeat(width)),
      () => false,
    ),
    ...texts.map((row, r) => line(row, (i) => typeof cells[r][i] === "number")),
  ].join("\n");
}

function formatValue(value: TableValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(4);
  return String(value);
}

function isValueList(row: TableRow): row is readonly TableValue[] {
  return Array.isArray(row);
}
