import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { antonymPairSplit, pronunciationWordSplit, splitFiles } from "../../scripts/data-splits/splits";

describe("the kit's data splits", () => {
  it("are what scripts/make-data-splits.ts makes from the installed packages, file for file", () => {
    const files = splitFiles();
    expect([...files.keys()].sort()).toEqual([
      "cmudict/test.txt",
      "cmudict/train.txt",
      "cmudict/validation.txt",
      "wordnet-antonyms/test.txt",
      "wordnet-antonyms/train.txt",
      "wordnet-antonyms/validation.txt",
    ]);
    for (const [relative, contents] of files) {
      const committed = fs.readFileSync(path.join(__dirname, "..", "..", "data", relative), "utf8");
      expect(
        committed === contents,
        `data/${relative} differs from what the script makes; rebuild with npx tsx scripts/make-data-splits.ts`,
      ).toBe(true);
    }
  });

  it("change with the seed, so the seed is what fixes them", () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
    expect(pronunciationWordSplit(words, 1).test).not.toEqual(pronunciationWordSplit(words, 2).test);
    expect(pronunciationWordSplit(words, 1)).toEqual(pronunciationWordSplit(words, 1));
  });

  it("keep linked antonym pairs in one part, and the seed's pairs in test", () => {
    const pairs: [string, string][] = [
      ["black", "white"],
      ["able", "unable"],
      ["hot", "cold"],
      ["cold", "warm"],
      ...Array.from({ length: 40 }, (_, i): [string, string] => [`a${i}`, `b${i}`]),
    ];
    const split = antonymPairSplit(pairs, 3);
    expect(split.test).toContain("black white");
    const partOf = (pair: string) => (["train", "validation", "test"] as const).find((name) => split[name].includes(pair));
    expect(partOf("hot cold")).toBe(partOf("cold warm"));
    expect(split.train.length + split.validation.length + split.test.length).toBe(pairs.length);
  });
});
