import { describe, expect, it } from "vitest";
import { markdownComment } from "../../scripts/export/markdown_comment";

describe("markdownComment", () => {
  it("wraps long prose at 100 columns, list items under their text", () => {
    const paragraph = `${"word ".repeat(30)}end`;
    const lines = markdownComment(`${paragraph}\n\n- ${paragraph}`).split("\n");
    expect(lines.every((line) => line.length <= 100)).toBe(true);
    expect(lines).toContain("//");
    expect(lines.filter((line) => line.startsWith("// - "))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\/\/ {3}word .*end$/);
  });

  it("leaves tables, headings, code and math as they are", () => {
    const long = "x".repeat(120);
    const markdown = [
      `# ${long}`,
      `| a | ${long} |`,
      "```ts",
      `const s = "${long}";`,
      "```",
      "$$\\begin{aligned}",
      `${long} y`,
      "\\end{aligned}$$",
      `    ${long} z`,
    ].join("\n");
    expect(markdownComment(markdown)).toBe(
      markdown
        .split("\n")
        .map((line) => `// ${line}`)
        .join("\n"),
    );
  });
});
