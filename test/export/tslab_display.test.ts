import { describe, expect, it } from "vitest";
import { applyEdits } from "../../scripts/export/edits";
import { ExportError } from "../../scripts/export/export_error";
import { parseCell } from "../../scripts/export/names";
import { TSLAB_STAND_IN, tslabImportEdits } from "../../scripts/export/tslab_display";

/** The cell as the export writes it. */
function rewritten(code: string): string {
  return applyEdits(code, tslabImportEdits(parseCell(code), "cell 3"));
}

describe("tslabImportEdits", () => {
  it("binds a namespace import to the stand-in", () => {
    expect(rewritten('import * as tslab from "tslab";\ntslab.display.html("<b>hi</b>")')).toBe(
      `const tslab = ${TSLAB_STAND_IN};\ntslab.display.html("<b>hi</b>")`,
    );
  });

  it("binds named imports, renamed or not, and drops type-only ones", () => {
    expect(rewritten('import { display as d, newDisplay, type Display } from "tslab"')).toBe(
      `const { display: d, newDisplay } = ${TSLAB_STAND_IN};`,
    );
    expect(rewritten('import type { Display } from "tslab"')).toBe("");
  });

  it("leaves other modules alone", () => {
    const code = 'import * as tf from "@tensorflow/tfjs";\nimport { check } from "seqlab";';
    expect(rewritten(code)).toBe(code);
  });

  it("refuses what has no stand-in, naming the cell and the code", () => {
    for (const code of [
      'const t = require("tslab")',
      'import tslab from "tslab"',
      'import { versions } from "tslab"',
      'const t = await import("tslab")',
    ]) {
      expect(() => rewritten(code)).toThrow(ExportError);
    }
    expect(() => rewritten('const t = require("tslab")')).toThrow(/^cell 3: `require\("tslab"\)` needs the tslab kernel/);
  });
});
