import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { projectInputs } from "../../lib/src/cells/project_inputs";
import { Random } from "../../lib/src/random";
import { maxAbsDiff } from "./reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("projectInputs", () => {
  it("is W x_t + b for every step, time-major: [steps, batch, k]", () => {
    const random = new Random(3);
    const xs = random.uniform([2, 4, 3], -1, 1) as tf.Tensor3D;
    const W = random.glorot(3, 5);
    const b = random.uniform([5], -1, 1) as tf.Tensor1D;
    const projected = projectInputs("Cell", xs, W, b);
    expect(projected.shape).toEqual([4, 2, 5]);
    for (let t = 0; t < 4; t++) {
      const x = xs.slice([0, t, 0], [2, 1, 3]).reshape<tf.Tensor2D>([2, 3]);
      expect(maxAbsDiff(projected.slice([t, 0, 0], [1, 2, 5]).reshape<tf.Tensor2D>([2, 5]), x.matMul(W).add(b))).toBeLessThan(1e-6);
    }
  });

  it("names the cell when the sequence has no steps or the wrong width", () => {
    const W = tf.zeros<tf.Rank.R2>([3, 5]);
    const b = tf.zeros<tf.Rank.R1>([5]);
    expect(() => projectInputs("GRUCell", tf.zeros([2, 0, 3]), W, b)).toThrow("GRUCell.unroll: xs has no time steps");
    expect(() => projectInputs("GRUCell", tf.zeros([2, 4, 6]), W, b)).toThrow("GRUCell.unroll: xs has 6 features, expected inputSize 3");
  });
});
