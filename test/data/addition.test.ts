import { describe, expect, it } from "vitest";
import { ADDITION_CHARS, SEED_ADDITION_EXAMPLES, additionProblem, additionSplit, additionVocab } from "../../lib/src/data/addition";

describe("addition problems", () => {
  it("are written in the seed's format", () => {
    expect(additionVocab.chars).toBe("0123456789+_{}");
    expect(ADDITION_CHARS).toBe(additionVocab.chars);
    // the seed's three examples
    expect(additionProblem(12, 34)).toEqual({ a: 12, b: 34, source: "12+34}", target: "_46}" });
    expect(additionProblem(2, 3)).toMatchObject({ source: "__2+3}", target: "__5}" });
    expect(additionProblem(67, 89)).toMatchObject({ source: "67+89}", target: "156}" });
    expect(additionProblem(2, 39)).toMatchObject({ source: "_2+39}", target: "_41}" });
    expect(additionProblem(0, 0)).toMatchObject({ source: "__0+0}", target: "__0}" });
    expect(additionProblem(5, 7, 1)).toMatchObject({ source: "5+7}", target: "12}" });
  });

  it("reject operands outside the digits", () => {
    expect(() => additionProblem(100, 1)).toThrow(/\[0, 100\)/);
    expect(() => additionProblem(-1, 1)).toThrow();
    expect(() => additionProblem(1.5, 1)).toThrow();
  });

  it("use only the vocabulary, in two fixed lengths", () => {
    const { train, heldOut } = additionSplit();
    const misfits = [...train, ...heldOut].filter(
      (p) =>
        !/^_*\d+\+\d+\}$/.test(p.source) ||
        !/^_*\d+\}$/.test(p.target) ||
        p.source.length !== 6 ||
        p.target.length !== 4 ||
        Number(p.target.slice(0, -1).replace(/_/g, "")) !== p.a + p.b,
    );
    expect(misfits).toEqual([]);
    for (const p of heldOut) expect(additionVocab.decode(additionVocab.encode(p.source + p.target))).toBe(p.source + p.target);
  });
});

describe("additionSplit", () => {
  it("splits all 10 000 two-digit problems into 9000 for training and 1000 held out, never overlapping", () => {
    const { train, heldOut } = additionSplit();
    expect(train).toHaveLength(9000);
    expect(heldOut).toHaveLength(1000);
    const trainSources = new Set(train.map((p) => p.source));
    const heldOutSources = new Set(heldOut.map((p) => p.source));
    expect(trainSources.size).toBe(9000);
    expect(heldOutSources.size).toBe(1000);
    expect([...heldOutSources].filter((s) => trainSources.has(s))).toEqual([]);
  });

  it("holds out the seed's examples, first and in the seed's order", () => {
    const { train, heldOut } = additionSplit();
    const seedSources = SEED_ADDITION_EXAMPLES.map(([a, b]) => additionProblem(a, b).source);
    expect(heldOut.slice(0, seedSources.length).map((p) => p.source)).toEqual(seedSources);
    expect(train.filter((p) => seedSources.includes(p.source))).toEqual([]);
    expect(seedSources).toContain("_99+1}");
  });

  it("is seeded: the same seed gives the same split, another seed another", () => {
    const sources = (seed: number) => additionSplit({ seed }).heldOut.map((p) => p.source);
    expect(sources(3)).toEqual(sources(3));
    expect(sources(3)).not.toEqual(sources(4));
  });

  it("takes other sizes", () => {
    const { train, heldOut } = additionSplit({ digits: 1, heldOut: 20, alwaysHeldOut: [[2, 9]] });
    expect(train.length + heldOut.length).toBe(100);
    expect(heldOut).toHaveLength(20);
    expect(heldOut[0]).toMatchObject({ source: "2+9}", target: "11}" });
    expect(() => additionSplit({ heldOut: 5 })).toThrow(/always held out/);
  });
});
