import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Random, randomFrom } from "../lib/src/random";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

// Known values of mulberry32, from an independent implementation (Python):
//   def mulberry32(seed):
//       s = seed & 0xffffffff
//       imul = lambda a, b: (a * b) & 0xffffffff
//       while True:
//           s = (s + 0x6d2b79f5) & 0xffffffff; t = s
//           t = imul(t ^ (t >> 15), t | 1)
//           t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & 0xffffffff)) & 0xffffffff
//           yield ((t ^ (t >> 14)) & 0xffffffff) / 4294967296
const KNOWN: Record<number, number[]> = {
  0: [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197],
  42: [0.6011037519201636, 0.44829055899754167, 0.8524657934904099],
};

describe("Random", () => {
  it("draws mulberry32's known values for a seed", () => {
    for (const [seed, values] of Object.entries(KNOWN)) {
      const random = new Random(Number(seed));
      expect(values.map(() => random.float())).toEqual(values);
    }
  });

  it("gives the same numbers for the same seed and others for another", () => {
    const a = new Random(7);
    const b = new Random(7);
    const drawsA = Array.from({ length: 5 }, () => a.float());
    expect(Array.from({ length: 5 }, () => b.float())).toEqual(drawsA);
    expect(Array.from({ length: 5 }, () => new Random(8).float())).not.toEqual(drawsA);
  });

  it("keeps Glorot weights inside ±√(6 / (fanIn + fanOut))", () => {
    const w = new Random(1).glorot(30, 10);
    const bound = Math.sqrt(6 / 40);
    const values = Array.from(w.dataSync());
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
    // and fills the range: the largest is near the bound
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    w.dispose();
  });

  it("randomFrom: a config's own Random, else a new one from its seed (default 0)", () => {
    const shared = new Random(3);
    expect(randomFrom({ random: shared, seed: 9 })).toBe(shared);
    expect(randomFrom({ seed: 42 }).float()).toBe(KNOWN[42][0]);
    expect(randomFrom({}).float()).toBe(KNOWN[0][0]);
  });
});
