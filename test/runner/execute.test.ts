import type { IOutput } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { firstErrorLine } from "../../scripts/runner/execute";

const stderr = (text: string): IOutput => ({ output_type: "stream", name: "stderr", text });

describe("firstErrorLine", () => {
  it("picks the error line of a runtime error, not the source location tslab prints first", () => {
    const text = "evalmachine.<anonymous>:2\nthrow new Error('boom');\n^\n\nError: boom\n    at evalmachine.<anonymous>:2:7\n";
    expect(firstErrorLine([stderr(text)])).toBe("Error: boom");
    expect(firstErrorLine([stderr("x\nTypeError: a is not a function\n")])).toBe("TypeError: a is not a function");
  });

  it("takes the first stderr line of a type error", () => {
    const text = "3:7 - Type 'number' is not assignable to type 'string'.\n4:1 - Cannot find name 'y'.\n";
    expect(firstErrorLine([{ output_type: "stream", name: "stdout", text: "fine\n" }, stderr(text)])).toBe(
      "3:7 - Type 'number' is not assignable to type 'string'.",
    );
  });

  it("prefers an IOPub error output and is undefined without stderr", () => {
    expect(firstErrorLine([{ output_type: "error", ename: "RangeError", evalue: "bad", traceback: [] }])).toBe("RangeError: bad");
    expect(firstErrorLine([])).toBeUndefined();
  });
});
