import { describe, expect, it } from "vitest";
import { applyEdits } from "../../scripts/export/edits";
import { lastValueEdit } from "../../scripts/export/last_value";
import { parseCell } from "../../scripts/export/names";

/** The cell as the export writes it. */
function exported(code: string): string {
  const edit = lastValueEdit(parseCell(code));
  return edit === undefined ? code : applyEdits(code, [edit]);
}

describe("lastValueEdit", () => {
  it("prints a last expression that is a value to look at", () => {
    expect(exported("const a = 6 * 7\na / 4")).toBe("const a = 6 * 7\nconsole.log(a / 4);");
    expect(exported("x.shape;")).toBe("console.log(x.shape);");
    expect(exported("[a, (b as number)]")).toBe("console.log([a, (b as number)]);");
  });

  it("leaves calls, assignments and declarations alone", () => {
    for (const code of ["await showVegaLite(spec, 'chart')", "model.summary()", "x = 3", "const y = 2", "i++", "--i"]) {
      expect(exported(code)).toBe(code);
    }
  });
});
