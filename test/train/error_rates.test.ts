import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { alignEdits, closestReference, editDistance, errorRates } from "../../lib/src/train/error_rates";

/** Levenshtein distance by plain recursion, the definition itself. */
function distanceByDefinition(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const last = a[a.length - 1] === b[b.length - 1] ? 0 : 1;
  return Math.min(
    distanceByDefinition(a.slice(0, -1), b.slice(0, -1)) + last,
    distanceByDefinition(a.slice(0, -1), b) + 1,
    distanceByDefinition(a, b.slice(0, -1)) + 1,
  );
}

describe("alignEdits", () => {
  it("aligns a prediction with its reference edit by edit, in reading order", () => {
    expect(alignEdits(["K", "AH", "T", "S"], ["K", "AE", "T"])).toEqual([
      { kind: "match", reference: "K", predicted: "K" },
      { kind: "substitute", reference: "AE", predicted: "AH" },
      { kind: "match", reference: "T", predicted: "T" },
      { kind: "insert", predicted: "S" },
    ]);
    expect(alignEdits(["N", "AY", "T"], ["K", "N", "AY", "T"])[0]).toEqual({ kind: "delete", reference: "K" });
    expect(alignEdits([], [])).toEqual([]);
  });

  it("counts as many edits as the definition of the distance, on random sequences", () => {
    const random = new Random(9);
    const sequence = () => Array.from({ length: random.int(6) }, () => random.pick(["a", "b", "c"]));
    for (let i = 0; i < 300; i++) {
      const [predicted, reference] = [sequence(), sequence()];
      const edits = alignEdits(predicted, reference);
      expect(editDistance(predicted, reference)).toBe(distanceByDefinition(predicted, reference));
      // the alignment spells out both sequences
      expect(edits.flatMap((e) => (e.kind === "insert" ? [] : [e.reference]))).toEqual(reference);
      expect(edits.flatMap((e) => (e.kind === "delete" ? [] : [e.predicted]))).toEqual(predicted);
    }
  });
});

describe("errorRates", () => {
  const read = [
    ["R", "IY", "D"],
    ["R", "EH", "D"],
  ];

  it("counts a word right when it matches any of its pronunciations, and measures phoneme errors against the closest", () => {
    expect(closestReference(["R", "EH", "T"], read)).toEqual({ reference: ["R", "EH", "D"], distance: 1 });
    const rates = errorRates(
      [
        ["R", "EH", "D"],
        ["K", "AH", "T", "S"],
      ],
      [read, [["K", "AE", "T"]]],
    );
    expect(rates.wordErrorRate).toBe(0.5);
    // 0 edits of 3, then 2 edits of 3
    expect(rates.phonemeErrorRate).toBeCloseTo(2 / 6, 12);
  });

  it("refuses mismatched or empty input", () => {
    expect(() => errorRates([["A"]], [])).toThrow("1 predictions for 0 words");
    expect(() => errorRates([], [])).toThrow("no words");
    expect(() => closestReference(["A"], [])).toThrow("at least one reference");
  });
});
