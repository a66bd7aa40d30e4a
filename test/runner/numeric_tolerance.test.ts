import { describe, expect, it } from "vitest";
import { DEFAULT_TOLERANCE, firstDifferingLine, numbersClose, textsMatch, tokenize } from "../../scripts/runner/numeric_tolerance";

describe("tokenize", () => {
  it("splits text into numbers and the text between them", () => {
    expect(tokenize("loss=-1.5e-3, acc 97%")).toEqual([
      { text: "loss=" },
      { number: -0.0015, text: "-1.5e-3" },
      { text: ", acc " },
      { number: 97, text: "97" },
      { text: "%" },
    ]);
  });
});

describe("numbersClose", () => {
  it("allows atol + rtol·|expected|, like numpy.isclose", () => {
    expect(numbersClose(1000, 1000.9, DEFAULT_TOLERANCE)).toBe(true);
    expect(numbersClose(1000, 1001.2, DEFAULT_TOLERANCE)).toBe(false);
    expect(numbersClose(0, 0.00009, DEFAULT_TOLERANCE)).toBe(true);
    expect(numbersClose(0, 0.0002, DEFAULT_TOLERANCE)).toBe(false);
    expect(numbersClose(NaN, NaN, DEFAULT_TOLERANCE)).toBe(true);
    expect(numbersClose(1, NaN, DEFAULT_TOLERANCE)).toBe(false);
  });
});

describe("textsMatch", () => {
  it("forgives small numeric drift but not changed words or numbers", () => {
    expect(textsMatch("Tensor [0.12345, -0.5]", "Tensor [0.12349, -0.50001]", DEFAULT_TOLERANCE)).toBe(true);
    expect(textsMatch("loss 0.5", "loss 0.6", DEFAULT_TOLERANCE)).toBe(false);
    expect(textsMatch("loss 0.5", "cost 0.5", DEFAULT_TOLERANCE)).toBe(false);
    expect(textsMatch("1 2", "1 2 3", DEFAULT_TOLERANCE)).toBe(false);
  });

  it("honours a wider tolerance", () => {
    expect(textsMatch("loss 0.5", "loss 0.6", { rtol: 0.25, atol: 0 })).toBe(true);
  });
});

describe("firstDifferingLine", () => {
  it("names the first line that differs, a missing line included", () => {
    expect(firstDifferingLine("a 1\nb 2\nc 3", "a 1\nb 2.5\nc 3", DEFAULT_TOLERANCE)).toBe(1);
    expect(firstDifferingLine("a\nb", "a", DEFAULT_TOLERANCE)).toBe(1);
    expect(firstDifferingLine("a 1.00001", "a 1", DEFAULT_TOLERANCE)).toBeUndefined();
  });
});
