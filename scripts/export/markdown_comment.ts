/**
 * A markdown cell as // comment lines, its prose wrapped to the width of the code around it.
 * Tables, headings, code and math are left as they are, since wrapping would break them.
 */

/** Comment lines are at most this wide, `// ` included, where the text allows. */
const WIDTH = 100;

export function markdownComment(markdown: string): string {
  const lines: string[] = [];
  let inCode = false;
  let inMath = false;
  for (const line of markdown.trimEnd().split(/\r?\n/)) {
    const codeFence = /^\s*(```|~~~)/.test(line);
    const mathFences = (line.match(/\$\$/g) ?? []).length;
    if (inCode || inMath || codeFence || mathFences > 0 || !isProse(line)) lines.push(line);
    else lines.push(...wrap(line, WIDTH - 3));
    if (codeFence) inCode = !inCode;
    if (!inCode && mathFences % 2 === 1) inMath = !inMath;
  }
  return lines.map((line) => (line.trim() === "" ? "//" : `// ${line}`.trimEnd())).join("\n");
}

/** A line of running text (a paragraph, a list item, a quote), not a table row, a heading or indented code. */
function isProse(line: string): boolean {
  return line.trim() !== "" && !/^\s*(\||#|<)/.test(line) && !/^( {4}|\t)/.test(line);
}

/** Splits a long line at spaces; continuation lines are indented under the text of a list item or quote. */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const lead = /^(\s*(?:[-*+]|\d+[.)]|>)\s+|\s*)/.exec(line)![0];
  const indent = lead.trimStart().startsWith(">") ? lead : " ".repeat(lead.length);
  const words = line.slice(lead.length).split(" ");
  const wrapped: string[] = [];
  let current = lead;
  for (const word of words) {
    const start = current === lead || current === indent;
    if (!start && current.length + 1 + word.length > width) {
      wrapped.push(current);
      current = indent + word;
    } else {
      current += start ? word : ` ${word}`;
    }
  }
  wrapped.push(current);
  return wrapped;
}
