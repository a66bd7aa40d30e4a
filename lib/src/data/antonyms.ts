import { Vocab } from "./vocab";

/** The antonym translator's characters, as in the seed: S starts decoding, E ends a word, P pads, then a–z. */
export const ANTONYM_CHARS = "SEPabcdefghijklmnopqrstuvwxyz";

/** The vocabulary of {@link ANTONYM_CHARS}. */
export const antonymVocab = new Vocab(ANTONYM_CHARS);

/** The seed's six word pairs, as it spells them ("women", not "woman"). */
export const ANTONYM_PAIRS: readonly (readonly [word: string, antonym: string])[] = [
  ["man", "women"],
  ["black", "white"],
  ["king", "queen"],
  ["girl", "boy"],
  ["up", "down"],
  ["high", "low"],
];

/** The seed's fixed length: every word is padded with P to 8 characters. */
export const ANTONYM_LENGTH = 8;

/** A word as a source: padded with P to `length` (default 8): "man" → "manPPPPP". Introduced in 05-seq2seq. */
export function antonymSource(word: string, length = ANTONYM_LENGTH): string {
  checkWord(word, length);
  return word.padEnd(length, "P");
}

/**
 * A word as a target: the word, E, then P up to `length` + 1 characters: "women" → "womenEPPP".
 * (The seed pads first and puts E last, "womenPPPE", then cuts its translations at the first P;
 * ending the word with E lets decoding stop there and the padding be masked.)
 */
export function antonymTarget(word: string, length = ANTONYM_LENGTH): string {
  checkWord(word, length);
  return `${word}E`.padEnd(length + 1, "P");
}

/** The seed's pairs as { source, target } strings. */
export function antonymPairs(length = ANTONYM_LENGTH): {
  /** The word, padded: "manPPPPP". */
  source: string;
  /** Its antonym, ended and padded: "womenEPPP". */
  target: string;
}[] {
  return ANTONYM_PAIRS.map(([word, antonym]) => ({ source: antonymSource(word, length), target: antonymTarget(antonym, length) }));
}

function checkWord(word: string, length: number): void {
  if (!/^[a-z]+$/.test(word)) throw new Error(`antonyms: "${word}" is not a word of lowercase letters a–z`);
  if (word.length > length) throw new Error(`antonyms: "${word}" is longer than ${length} characters`);
}
