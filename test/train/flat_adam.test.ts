import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { FlatAdam } from "../../lib/src/train/flat_adam";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Weights of three shapes (one of them a scalar) with the same start, for two optimizers. */
function weights(): tf.Variable[] {
  const random = new Random(4);
  return [random.uniform([3, 4], -1, 1), random.uniform([4], -1, 1), random.uniform([], -1, 1)].map((w) => tf.variable(w));
}

/** A loss whose gradients differ in size and sign from weight to weight, step after step. */
function loss([W, b, s]: tf.Variable[]): tf.Scalar {
  const x = tf.tensor2d([
    [1, -2, 0.5],
    [0.3, 0.1, -4],
  ]);
  return x.matMul(W).add(b).tanh().mul(s).square().sum<tf.Scalar>().add(W.abs().sum());
}

describe("FlatAdam", () => {
  it("takes tf.train.adam's steps, weight for weight, over 20 steps", () => {
    const theirs = weights();
    const ours = weights();
    const reference = tf.train.adam(0.05);
    const flat = new FlatAdam(0.05);
    for (let step = 0; step < 20; step++) {
      reference.minimize(() => loss(theirs), true, theirs)?.dispose();
      flat.minimize(() => loss(ours), true, ours)?.dispose();
    }
    for (const [i, w] of ours.entries()) {
      const gap = tf.tidy(() => w.sub(theirs[i]).abs().max().dataSync()[0]);
      expect(gap, `weight ${i}`).toBeLessThanOrEqual(1e-6);
      // and it moved: 20 steps of 0.05
      expect(tf.tidy(() => w.sub(weights()[i]).abs().max().dataSync()[0])).toBeGreaterThan(0.1);
    }
    expect(flat.iterations).toBe(20);
    tf.dispose([...theirs, ...ours]);
    flat.dispose();
    reference.dispose();
  });

  it("leaves no tensor behind after its first step", () => {
    const ws = weights();
    const flat = new FlatAdam(0.01);
    flat.minimize(() => loss(ws), true, ws)?.dispose();
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) flat.minimize(() => loss(ws), true, ws)?.dispose();
    expect(tf.memory().numTensors).toBe(before);
    flat.dispose();
    tf.dispose(ws);
  });

  it("names both lists when asked to train other weights than at its first step", () => {
    const ws = weights();
    const flat = new FlatAdam(0.01);
    flat.minimize(() => loss(ws), true, ws)?.dispose();
    expect(() => flat.minimize(() => ws[0].sum(), true, [ws[0]])).toThrow(/FlatAdam: trains \[.*, .*, .*\] at every step, got \[.*\]/);
    flat.dispose();
    tf.dispose(ws);
  });
});
