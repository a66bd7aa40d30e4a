import * as fs from "node:fs";
import type { Random } from "../random";
import type { Seq2Seq, TranslationPair } from "../seq2seq/seq2seq";
import { type CorpusPackage, dataFile, installedPackageFile, readLines, type SplitName } from "./corpus_files";
import { Vocab } from "./vocab";

/** The npm package the pronunciations come from, and the version the kit's splits were made from. */
export const CMUDICT_PACKAGE: CorpusPackage = { name: "cmu-pronouncing-dictionary", version: "3.0.0" };

/** The 39 phonemes of ARPAbet, as the CMU Pronouncing Dictionary writes them with its stress marks (0, 1, 2) removed. */
export const ARPABET = [
  "AA",
  "AE",
  "AH",
  "AO",
  "AW",
  "AY",
  "B",
  "CH",
  "D",
  "DH",
  "EH",
  "ER",
  "EY",
  "F",
  "G",
  "HH",
  "IH",
  "IY",
  "JH",
  "K",
  "L",
  "M",
  "N",
  "NG",
  "OW",
  "OY",
  "P",
  "R",
  "S",
  "SH",
  "T",
  "TH",
  "UH",
  "UW",
  "V",
  "W",
  "Y",
  "Z",
  "ZH",
] as const;

/** One of the 39 {@link ARPABET} phonemes. */
export type Phoneme = (typeof ARPABET)[number];

/**
 * One character per phoneme: a {@link Seq2Seq} reads and writes characters, so inside the model
 * each phoneme is one. A one-letter phoneme keeps its letter; the others get the IPA letter where
 * it is one character (SH → ʃ, AE → æ), or an uppercase letter no phoneme uses (AY → A, OW → O).
 */
const PHONEME_CHARS: Readonly<Record<Phoneme, string>> = {
  AA: "ɑ",
  AE: "æ",
  AH: "ʌ",
  AO: "ɔ",
  AW: "Q",
  AY: "A",
  B: "B",
  CH: "C",
  D: "D",
  DH: "ð",
  EH: "ɛ",
  ER: "ɝ",
  EY: "E",
  F: "F",
  G: "G",
  HH: "H",
  IH: "ɪ",
  IY: "I",
  JH: "J",
  K: "K",
  L: "L",
  M: "M",
  N: "N",
  NG: "ŋ",
  OW: "O",
  OY: "X",
  P: "P",
  R: "R",
  S: "S",
  SH: "ʃ",
  T: "T",
  TH: "θ",
  UH: "ʊ",
  UW: "U",
  V: "V",
  W: "W",
  Y: "Y",
  Z: "Z",
  ZH: "ʒ",
};
const PHONEME_OF_CHAR = new Map(ARPABET.map((phoneme) => [PHONEME_CHARS[phoneme], phoneme]));

/** The longest word the kit keeps from the dictionary, in letters (101 of its 117,490 words of letters only are longer). */
export const MAX_WORD_LENGTH = 16;

/**
 * The characters of the pronunciation translator: "{" starts decoding, "}" ends, "_" pads, then
 * the letters a–z of spellings and one character per phoneme. Introduced in 10-pronunciation.
 */
export const pronunciationVocab = new Vocab(`{}_abcdefghijklmnopqrstuvwxyz${ARPABET.map((p) => PHONEME_CHARS[p]).join("")}`);

/** A word and its pronunciations in the dictionary, the first one first. */
export interface PronouncedWord {
  /** The spelling, lowercase letters a–z: "phone". */
  word: string;
  /** Every pronunciation the dictionary gives, stress removed, each once: [["F", "OW", "N"]]. */
  pronunciations: readonly (readonly Phoneme[])[];
}

/** Phonemes → the characters a {@link Seq2Seq} writes for them: ["F", "OW", "N"] → "FON". */
export function phonemeText(phonemes: readonly Phoneme[]): string {
  return phonemes.map((p) => PHONEME_CHARS[p]).join("");
}

/** The characters a model wrote → phonemes: "FON" → ["F", "OW", "N"]. A character that is no phoneme (a letter, "_") is "?". */
export function phonemesOf(text: string): (Phoneme | "?")[] {
  return [...text].map((char) => PHONEME_OF_CHAR.get(char) ?? "?");
}

/** Read on first use. */
let dictionary: ReadonlyMap<string, readonly (readonly Phoneme[])[]> | undefined;

/**
 * Every word of letters a–z of at most {@link MAX_WORD_LENGTH} letters in the installed
 * CMU Pronouncing Dictionary, with its pronunciations: stress marks and comments removed,
 * variants ("read", "read(2)") gathered under the word, duplicates dropped. The package is read
 * once per process; every call returns that one read-only map.
 */
export function cmuDictionary(): ReadonlyMap<string, readonly (readonly Phoneme[])[]> {
  dictionary ??= readCmuDictionary();
  return dictionary;
}

function readCmuDictionary(): Map<string, Phoneme[][]> {
  const source = fs.readFileSync(installedPackageFile(CMUDICT_PACKAGE, "index.js"), "utf8");
  // the package is one ES module, `export const dictionary = {"word": "F OW1 N", …}`; its object is JSON
  const entries = JSON.parse(source.slice(source.indexOf("= {") + 2, source.lastIndexOf("}") + 1)) as Record<string, string>;
  const known = new Set<string>(ARPABET);
  const words = new Map<string, Phoneme[][]>();
  for (const [key, transcription] of Object.entries(entries)) {
    const match = /^([a-z]+)(\(\d+\))?$/.exec(key);
    if (match === null || match[1].length > MAX_WORD_LENGTH) continue;
    // "AO1 L B AO0 R G # place, danish" → ["AO", "L", "B", "AO", "R", "G"]
    const phonemes = transcription
      .split("#")[0]
      .trim()
      .split(/\s+/)
      .map((symbol) => symbol.replace(/[012]$/, ""));
    const unknown = phonemes.find((p) => !known.has(p));
    if (unknown !== undefined) throw new Error(`cmuDictionary: "${key}" has the phoneme "${unknown}", which is not ARPAbet`);
    const pronunciations = words.get(match[1]) ?? [];
    if (!pronunciations.some((p) => p.join(" ") === phonemes.join(" "))) pronunciations.push(phonemes as Phoneme[]);
    words.set(match[1], pronunciations);
  }
  return words;
}

/**
 * One part of the kit's fixed split of {@link cmuDictionary}: the words listed in
 * data/cmudict/<split>.txt (made by scripts/make-data-splits.ts, described in data/README.md),
 * with their pronunciations. `dataDir` is the kit's data/ folder, found from the working
 * directory when not given. Introduced in 10-pronunciation.
 */
export function pronunciationSplit(split: SplitName, options: { dataDir?: string } = {}): PronouncedWord[] {
  const words = cmuDictionary();
  return readLines(dataFile(`cmudict/${split}.txt`, options.dataDir)).map((word) => {
    const pronunciations = words.get(word);
    if (pronunciations === undefined)
      throw new Error(
        `pronunciationSplit: "${word}" of the ${split} split is not in ${CMUDICT_PACKAGE.name}; is version ${CMUDICT_PACKAGE.version} installed?`,
      );
    return { word, pronunciations };
  });
}

/**
 * Words as translation pairs, spelling → first pronunciation: { source: "phone__", target:
 * "FON}____" }, every source padded with "_" to the longest spelling among `words`, every target
 * to the longest pronunciation plus its end token, so the pairs form one batch.
 */
export function pronunciationPairs(words: readonly PronouncedWord[]): TranslationPair[] {
  const sourceLength = Math.max(...words.map((w) => w.word.length));
  const targetLength = Math.max(...words.map((w) => w.pronunciations[0].length)) + 1;
  return words.map((w) => ({
    source: w.word.padEnd(sourceLength, "_"),
    target: `${phonemeText(w.pronunciations[0])}}`.padEnd(targetLength, "_"),
  }));
}

/**
 * Batches for training on `words`: each call draws one spelling length (a length as often as
 * words of that length occur) and `size` words of that length, so a batch is padded little.
 */
export function pronunciationBatches(words: readonly PronouncedWord[], random: Random, size = 64): () => PronouncedWord[] {
  const byLength = new Map<number, PronouncedWord[]>();
  for (const w of words) {
    const sameLength = byLength.get(w.word.length) ?? [];
    sameLength.push(w);
    byLength.set(w.word.length, sameLength);
  }
  return () => {
    const sameLength = byLength.get(random.pick(words).word.length) ?? [];
    return Array.from({ length: size }, () => random.pick(sameLength));
  };
}

/**
 * A pronunciation translator's greedy transcriptions of `words`, in their order, each at most 4
 * phonemes longer than its spelling. The words are decoded `chunk` at a time, shortest first, each
 * chunk padded with "_" to its longest spelling (padding is masked, so a word's transcription
 * does not depend on its chunk).
 */
export function transcribe(model: Seq2Seq, words: readonly string[], chunk = 1000): (Phoneme | "?")[][] {
  const order = words.map((_, i) => i).sort((a, b) => words[a].length - words[b].length);
  const transcriptions: (Phoneme | "?")[][] = new Array(words.length);
  for (let start = 0; start < order.length; start += chunk) {
    const indices = order.slice(start, start + chunk);
    const longest = Math.max(...indices.map((i) => words[i].length));
    const outputs = model.translate(
      indices.map((i) => words[i].padEnd(longest, "_")),
      longest + 4,
    );
    indices.forEach((i, k) => (transcriptions[i] = phonemesOf(outputs[k]).slice(0, words[i].length + 4)));
  }
  return transcriptions;
}
