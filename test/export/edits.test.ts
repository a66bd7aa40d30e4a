import { describe, expect, it } from "vitest";
import { applyEdits } from "../../scripts/export/edits";

describe("applyEdits", () => {
  it("replaces by the original offsets, whatever the order of the edits", () => {
    const edits = [
      { start: 0, end: 3, text: "let" },
      { start: 10, end: 11, text: "console.log(x);" },
      { start: 4, end: 5, text: "x" },
    ];
    expect(applyEdits("var y = 1;y", edits)).toBe("let x = 1;console.log(x);");
  });
});
