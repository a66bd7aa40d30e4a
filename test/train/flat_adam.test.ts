import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { requireTensorFlowBackend } from "../tensorflow_backend";
import { Random } from "../../lib/src/random";
import { FlatAdam } from "../../lib/src/train/flat_adam";

// selectBackend loads tfjs-node, so that both backends below can be set
requireTensorFlowBackend();

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

// cpu: the moments and the step as equations (EquationAdam); tensorflow: TensorFlow's fused
// ResourceApplyAdam on resource variables (ResourceAdam)
describe.each(["cpu", "tensorflow"])("FlatAdam on the %s backend", (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it("takes tf.train.adam's step from the same weights, at each of 20 steps (one weight set from outside at step 10), and stays on its path", () => {
    const theirs = weights();
    const ours = weights();
    const resynced = weights();
    const reference = tf.train.adam(0.05);
    const flat = new FlatAdam(0.05);
    const follower = tf.train.adam(0.05);
    const gap = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
    for (let step = 0; step < 20; step++) {
      if (step === 10) {
        // a weight set from outside between two steps: the next step starts from the new value
        for (const w of [theirs[0], ours[0]]) w.assign(tf.tidy(() => w.mul(0.5)));
      }
      reference.minimize(() => loss(theirs), true, theirs)?.dispose();
      // one step of tf.train.adam from exactly our weights
      for (const [i, w] of resynced.entries()) w.assign(ours[i]);
      follower.minimize(() => loss(resynced), true, resynced)?.dispose();
      flat.minimize(() => loss(ours), true, ours)?.dispose();
      for (const [i, w] of ours.entries()) expect(gap(w, resynced[i]), `step ${step}, weight ${i}`).toBeLessThanOrEqual(1e-6);
    }
    for (const [i, w] of ours.entries()) {
      // 20 steps of float rounding apart, no more
      expect(gap(w, theirs[i]), `weight ${i}`).toBeLessThanOrEqual(2e-5);
      // and it moved: 20 steps of 0.05
      expect(tf.tidy(() => w.sub(weights()[i]).abs().max().dataSync()[0])).toBeGreaterThan(0.1);
    }
    expect(flat.iterations).toBe(20);
    tf.dispose([...theirs, ...ours, ...resynced]);
    flat.dispose();
    reference.dispose();
    follower.dispose();
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

  it("frees its moments when disposed", () => {
    const ws = weights();
    const before = tf.memory().numTensors;
    const flat = new FlatAdam(0.01);
    flat.minimize(() => loss(ws), true, ws)?.dispose();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    flat.dispose();
    expect(tf.memory().numTensors).toBe(before);
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
