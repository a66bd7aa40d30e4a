import { describe, expect, it } from "vitest";
import {
  ANTONYM_CHARS,
  ANTONYM_LENGTH,
  ANTONYM_PAIRS,
  antonymPairs,
  antonymSource,
  antonymTarget,
  antonymVocab,
} from "../../lib/src/data/antonyms";

describe("antonym data", () => {
  it("has the seed's vocabulary, pairs and length", () => {
    expect(ANTONYM_CHARS).toBe("SEPabcdefghijklmnopqrstuvwxyz");
    expect(antonymVocab.size).toBe(29);
    expect(ANTONYM_PAIRS.map(([w, a]) => `${w}→${a}`)).toEqual([
      "man→women",
      "black→white",
      "king→queen",
      "girl→boy",
      "up→down",
      "high→low",
    ]);
    expect(ANTONYM_LENGTH).toBe(8);
  });

  it("pads sources with P and ends targets with E, then P", () => {
    expect(antonymSource("man")).toBe("manPPPPP");
    expect(antonymTarget("women")).toBe("womenEPPP");
    expect(antonymSource("up", 3)).toBe("upP");
    expect(antonymTarget("down", 4)).toBe("downE");
    for (const { source, target } of antonymPairs()) {
      expect(source).toHaveLength(8);
      expect(target).toHaveLength(9);
      expect(() => antonymVocab.encode(source + target)).not.toThrow();
    }
  });

  it("rejects what it cannot spell", () => {
    expect(() => antonymSource("Man")).toThrow(/lowercase/);
    expect(() => antonymSource("abcdefghi")).toThrow(/longer than 8/);
    expect(() => antonymTarget("")).toThrow();
  });
});
