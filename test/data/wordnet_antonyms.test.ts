import { describe, expect, it } from "vitest";
import { antonymKind, antonymSplit, wordnetAdjectiveAntonyms } from "../../lib/src/data/wordnet_antonyms";

const pairs = wordnetAdjectiveAntonyms();

describe("wordnetAdjectiveAntonyms", () => {
  it("reads WordNet's adjective antonym pairs, each once, in alphabetical order", () => {
    expect(pairs).toHaveLength(1772);
    const joined = pairs.map((p) => p.join(" "));
    for (const pair of ["able unable", "black white", "high low", "careful careless", "abaxial adaxial"]) expect(joined).toContain(pair);
    expect(new Set(joined).size).toBe(pairs.length);
    expect(pairs.every(([a, b]) => a < b && /^[a-z]+$/.test(a + b))).toBe(true);
    expect(joined).toEqual([...joined].sort());
  });
});

describe("antonymKind", () => {
  it("tells prefixes, shared stems and lexical antonyms apart", () => {
    expect(antonymKind("happy", "unhappy")).toBe("prefix");
    expect(antonymKind("unable", "able")).toBe("prefix");
    expect(antonymKind("legal", "illegal")).toBe("prefix");
    expect(antonymKind("careful", "careless")).toBe("shared stem");
    expect(antonymKind("abaxial", "adaxial")).toBe("shared stem");
    expect(antonymKind("hatless", "hatted")).toBe("shared stem");
    expect(antonymKind("inward", "outward")).toBe("shared stem");
    expect(antonymKind("black", "white")).toBe("lexical");
    // "re" is no negative prefix
    expect(antonymKind("act", "react")).toBe("lexical");
  });
});

describe("antonymSplit", () => {
  it("gives every pair of a part in both directions, and keeps all antonyms of a word in one part", () => {
    const parts = (["train", "validation", "test"] as const).map((name) => antonymSplit(name));
    expect(parts.reduce((sum, p) => sum + p.length, 0)).toBe(2 * pairs.length);
    expect(parts[2]).toContainEqual({ word: "black", antonym: "white" });
    expect(parts[2]).toContainEqual({ word: "white", antonym: "black" });
    const partOfWord = new Map<string, number>();
    parts.forEach((part, i) => {
      for (const { word, antonym } of part) {
        for (const w of [word, antonym]) {
          expect(partOfWord.get(w) ?? i).toBe(i);
          partOfWord.set(w, i);
        }
      }
    });
  });
});
