/**
 * How the kit's fixed splits of its real corpora are made (data/README.md says why):
 * - CMUdict: the words, shuffled with a seed; the first 12,000 are the test split, the next 6,000
 *   validation, the rest train.
 * - WordNet antonyms: the pairs grouped into connected groups (words linked by being antonyms), so
 *   that no word's antonym is in another split; groups holding a word of the seed's six pairs go to
 *   test, the others are shuffled with a seed and fill test to 15% of the pairs, then validation
 *   to 10%, then train.
 * Each file lists one word (or one pair) per line, sorted.
 */
import { ANTONYM_PAIRS, cmuDictionary, Random, type SplitName, wordnetAdjectiveAntonyms } from "seqlab";

export const SPLIT_SEED = 2026;
export const PRONUNCIATION_TEST_WORDS = 12_000;
export const PRONUNCIATION_VALIDATION_WORDS = 6_000;
export const ANTONYM_TEST_SHARE = 0.15;
export const ANTONYM_VALIDATION_SHARE = 0.1;

/** A split of a corpus: each part's lines, sorted. */
export type Split = Record<SplitName, string[]>;

/** The split of the dictionary's words. */
export function pronunciationWordSplit(words: readonly string[], seed = SPLIT_SEED): Split {
  const shuffled = new Random(seed).shuffled([...words].sort());
  const test = shuffled.slice(0, PRONUNCIATION_TEST_WORDS);
  const validation = shuffled.slice(PRONUNCIATION_TEST_WORDS, PRONUNCIATION_TEST_WORDS + PRONUNCIATION_VALIDATION_WORDS);
  const train = shuffled.slice(PRONUNCIATION_TEST_WORDS + PRONUNCIATION_VALIDATION_WORDS);
  return { train: train.sort(), validation: validation.sort(), test: test.sort() };
}

/** The split of antonym pairs ("able unable"), every connected group of words in one part. */
export function antonymPairSplit(pairs: readonly (readonly [string, string])[], seed = SPLIT_SEED): Split {
  const groups = connectedGroups(pairs);
  const seedWords = new Set(ANTONYM_PAIRS.flat());
  const heldForTest = groups.filter((group) => group.some((pair) => pair.some((w) => seedWords.has(w))));
  const others = new Random(seed).shuffled(groups.filter((group) => !heldForTest.includes(group)));
  const split: Split = { train: [], validation: [], test: heldForTest.flat().map((p) => p.join(" ")) };
  for (const group of others) {
    const part =
      split.test.length < ANTONYM_TEST_SHARE * pairs.length
        ? "test"
        : split.validation.length < ANTONYM_VALIDATION_SHARE * pairs.length
          ? "validation"
          : "train";
    split[part].push(...group.map((p) => p.join(" ")));
  }
  return { train: split.train.sort(), validation: split.validation.sort(), test: split.test.sort() };
}

/** Pairs grouped so that two pairs sharing a word are in one group; groups in the order of their first pair. */
function connectedGroups(pairs: readonly (readonly [string, string])[]): (readonly [string, string])[][] {
  const parent = new Map<string, string>();
  const root = (w: string): string => {
    let r = w;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const [a, b] of pairs) {
    for (const w of [a, b]) if (!parent.has(w)) parent.set(w, w);
    parent.set(root(a), root(b));
  }
  const groups = new Map<string, (readonly [string, string])[]>();
  for (const pair of pairs) {
    const key = root(pair[0]);
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  return [...groups.values()];
}

/** Every split file, relative to data/, with its contents, made from the installed packages. */
export function splitFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const parts = [
    ["cmudict", pronunciationWordSplit([...cmuDictionary().keys()])],
    ["wordnet-antonyms", antonymPairSplit(wordnetAdjectiveAntonyms())],
  ] as const;
  for (const [folder, split] of parts) {
    for (const name of ["train", "validation", "test"] as const) files.set(`${folder}/${name}.txt`, `${split[name].join("\n")}\n`);
  }
  return files;
}
