/**
 * `<`, `>` and `&` as HTML entities: for text put between tags in HTML tables and pages, and for
 * plotly labels. Quotes stay as they are: they need no escaping outside attributes, and plotly,
 * which knows only a few entities, would show `&quot;` literally.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!);
}
