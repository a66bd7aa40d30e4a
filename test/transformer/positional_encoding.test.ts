import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { MultiHeadAttention } from "../../lib/src/transformer/multi_head_attention";
import { addPositions, LearnedPositions, sinusoidalPositions } from "../../lib/src/transformer/positional_encoding";
import { maxAbsDiff, small, TOLERANCE } from "../cells/reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("sinusoidalPositions", () => {
  it("equals PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(…), computed directly", () => {
    const [steps, d] = [7, 6];
    const expected = Array.from({ length: steps }, (_, pos) =>
      Array.from({ length: d }, (_, j) => {
        const angle = pos / Math.pow(10000, (2 * Math.floor(j / 2)) / d);
        return j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
      }),
    );
    expect(maxAbsDiff(sinusoidalPositions(steps, d), tf.tensor2d(expected))).toBeLessThan(TOLERANCE);
  });

  it("gives every position a different vector", () => {
    const rows = sinusoidalPositions(50, 8).arraySync();
    const distinct = new Set(rows.map((row) => row.map((x) => x.toFixed(4)).join(",")));
    expect(distinct.size).toBe(50);
  });

  it("added to the input, makes self-attention order-aware: permuting the input no longer just permutes the output", () => {
    const [batch, steps, d] = [2, 5, 8];
    const attention = new MultiHeadAttention({ modelSize: d, heads: 2, seed: 1 });
    const x = small<tf.Tensor3D>(new Random(2), [batch, steps, d], 1);
    const permutation = [4, 2, 0, 1, 3];
    const positions = sinusoidalPositions(steps, d);
    const withPositions = (input: tf.Tensor3D) => {
      const encoded = addPositions(input, positions);
      return attention.apply(encoded, encoded)[0];
    };
    const permutedOutput = withPositions(tf.gather(x, permutation, 1));
    expect(maxAbsDiff(permutedOutput, tf.gather(withPositions(x), permutation, 1))).toBeGreaterThan(1e-2);
  });
});

describe("LearnedPositions", () => {
  it("gives the first `steps` rows of its trained table, and refuses positions it has no vector for", () => {
    const learned = new LearnedPositions({ maxSteps: 6, modelSize: 4, seed: 1 });
    expect(learned.weights).toEqual([learned.P]);
    expect(maxAbsDiff(learned.positions(3), learned.P.slice([0, 0], [3, 4]))).toBe(0);
    expect(() => learned.positions(7)).toThrow("7 steps, but it has vectors for 6 positions only");
  });
});

describe("addPositions", () => {
  it("adds the same positions to every example, and checks the shapes", () => {
    const x = tf.zeros<tf.Rank.R3>([3, 4, 2]);
    const positions = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    expect(addPositions(x, positions).arraySync()).toEqual([0, 1, 2].map(() => positions.arraySync()));
    expect(() => addPositions(x, tf.zeros<tf.Rank.R2>([3, 2]))).toThrow("x has 4 steps, the positions 3");
  });
});
