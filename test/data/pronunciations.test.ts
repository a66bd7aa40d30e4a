import { describe, expect, it } from "vitest";
import {
  ARPABET,
  cmuDictionary,
  MAX_WORD_LENGTH,
  phonemesOf,
  phonemeText,
  pronunciationBatches,
  pronunciationPairs,
  pronunciationSplit,
  pronunciationVocab,
  transcribe,
} from "../../lib/src/data/pronunciations";
import { Random } from "../../lib/src/random";
import { Seq2Seq } from "../../lib/src/seq2seq/seq2seq";

const dictionary = cmuDictionary();

describe("cmuDictionary", () => {
  it("keeps words of letters a–z up to 16 letters, with every pronunciation, stress and comments removed", () => {
    expect(dictionary.size).toBe(117_389);
    expect(dictionary.get("phone")).toEqual([["F", "OW", "N"]]);
    expect(dictionary.get("read")).toEqual([
      ["R", "EH", "D"],
      ["R", "IY", "D"],
    ]);
    // "AO1 L B AO0 R G # place, danish"
    expect(dictionary.get("aalborg")).toContainEqual(["AO", "L", "B", "AO", "R", "G"]);
    expect(dictionary.has("a's")).toBe(false);
    const phonemes = new Set<string>(ARPABET);
    for (const [word, pronunciations] of dictionary) {
      expect(word).toMatch(/^[a-z]+$/);
      expect(word.length).toBeLessThanOrEqual(MAX_WORD_LENGTH);
      for (const p of pronunciations.flat()) expect(phonemes.has(p)).toBe(true);
    }
  });
});

describe("phoneme characters", () => {
  it("give each of the 39 phonemes its own character, apart from the letters and the special characters", () => {
    expect(ARPABET).toHaveLength(39);
    const chars = ARPABET.map((p) => phonemeText([p]));
    expect(new Set(chars).size).toBe(39);
    expect(chars.every((c) => [...c].length === 1 && !/[a-z{}_]/.test(c))).toBe(true);
    expect(pronunciationVocab.size).toBe(3 + 26 + 39);
  });

  it("go from phonemes to text and back, and mark what is no phoneme", () => {
    expect(phonemeText(["F", "OW", "N"])).toBe("FON");
    expect(phonemesOf("FON")).toEqual(["F", "OW", "N"]);
    expect(phonemesOf(phonemeText([...ARPABET]))).toEqual([...ARPABET]);
    expect(phonemesOf("Fa_")).toEqual(["F", "?", "?"]);
  });
});

describe("pronunciationSplit", () => {
  it("reads the three parts of the kit's split, no word in two of them, every word of the dictionary in one", () => {
    const parts = (["train", "validation", "test"] as const).map((name) => pronunciationSplit(name));
    expect(parts.map((p) => p.length)).toEqual([99_389, 6000, 12_000]);
    const words = parts.flat().map((w) => w.word);
    expect(new Set(words).size).toBe(words.length);
    expect(words.length).toBe(dictionary.size);
    expect(parts[2].find((w) => w.word === "phone") ?? parts[0].find((w) => w.word === "phone")).toEqual({
      word: "phone",
      pronunciations: [["F", "OW", "N"]],
    });
  });
});

describe("pronunciationPairs and pronunciationBatches", () => {
  const words = [
    { word: "phone", pronunciations: [["F" as const, "OW" as const, "N" as const]] },
    { word: "box", pronunciations: [["B" as const, "AA" as const, "K" as const, "S" as const]] },
  ];

  it("pad sources and targets of a batch to one length, the target's first pronunciation ended with }", () => {
    expect(pronunciationPairs(words)).toEqual([
      { source: "phone", target: "FON}_" },
      { source: "box__", target: "BɑKS}" },
    ]);
  });

  it("draw batches of words of one length", () => {
    const next = pronunciationBatches(pronunciationSplit("validation"), new Random(1), 16);
    for (let i = 0; i < 20; i++) {
      const batch = next();
      expect(batch).toHaveLength(16);
      expect(new Set(batch.map((w) => w.word.length)).size).toBe(1);
    }
  });
});

describe("transcribe", () => {
  it("returns each word's greedy transcription in the order of the words, whatever the chunks", () => {
    const model = new Seq2Seq({ vocab: pronunciationVocab, start: "{", end: "}", pad: "_", hiddenSize: 8, embeddingSize: 4, seed: 3 });
    const words = ["phone", "at", "knight", "box", "it"];
    const one = words.map((w) => transcribe(model, [w])[0]);
    expect(transcribe(model, words, 2)).toEqual(one);
    expect(one[0]).toEqual(phonemesOf(model.translate(["phone"], 9)[0]));
    model.dispose();
  });
});
