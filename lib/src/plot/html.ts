/** `<`, `>`, `&` and `"` as HTML entities: for text put into HTML tables, pages and plotly labels. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}
