import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { Dense } from "../../lib/src/blocks/dense";
import { LayerNorm } from "../../lib/src/blocks/layer_norm";
import { Residual } from "../../lib/src/blocks/residual";
import { Random } from "../../lib/src/random";
import { TOLERANCE, maxAbsDiff, small, weightedSum } from "../cells/reference";

const batch = 3;
const steps = 4;
const width = 6;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("Residual", () => {
  it("computes Y = H(w, x) + x around a layer", () => {
    const H = new Dense({ inputSize: width, outputSize: width, activation: "relu", seed: 2 });
    const block = new Residual(H);
    const x = small<tf.Tensor2D>(new Random(1), [batch, width], 1);
    expect(maxAbsDiff(block.apply(x), H.apply(x).add(x))).toBe(0);
    expect(block.weights).toEqual(H.weights);
    H.dispose();
  });

  it("wraps a function too, on [batch, steps, hidden], and keeps the type", () => {
    const norm = new LayerNorm({ dims: width });
    const block = new Residual<tf.Tensor3D>((x) => norm.apply(x));
    expectTypeOf(block.apply).returns.toEqualTypeOf<tf.Tensor3D>();
    const x = small<tf.Tensor3D>(new Random(1), [batch, steps, width], 1);
    const y = block.apply(x);
    expect(y.shape).toEqual([batch, steps, width]);
    expect(maxAbsDiff(y, norm.apply(x).add(x))).toBe(0);
    // a function has no weights list: the block reports none
    expect(block.weights).toEqual([]);
    // a layer with `apply` is wrapped directly
    expect(maxAbsDiff(new Residual<tf.Tensor3D>(norm).apply(x), y)).toBe(0);
    norm.dispose();
  });

  it("is the identity when H(w, x) = 0, the fallback a plain layer would have to learn", () => {
    const block = new Residual<tf.Tensor2D>((x) => tf.zerosLike(x));
    const x = small<tf.Tensor2D>(new Random(1), [batch, width], 1);
    expect(maxAbsDiff(block.apply(x), x)).toBe(0);
  });

  it("refuses a layer that changes the width, at construction", () => {
    const H = new Dense({ inputSize: width, outputSize: width - 2 });
    expect(() => new Residual(H)).toThrow(/6 → 4/);
    H.dispose();
  });

  it("refuses a function whose output does not have x's shape, on the call", () => {
    const block = new Residual<tf.Tensor2D>((x) => x.slice([0, 0], [batch, width - 1]));
    const x = small<tf.Tensor2D>(new Random(1), [batch, width], 1);
    expect(() => block.apply(x)).toThrow(/\[3, 6\], got \[3, 5\]/);
  });

  it("passes the gradient through the shortcut: dY/dx = dH/dx + I", () => {
    const H = new Dense({ inputSize: width, outputSize: width, activation: "tanh", seed: 4 });
    const block = new Residual(H);
    const x = small<tf.Tensor2D>(new Random(1), [batch, width], 1);
    const lossWeights = small<tf.Tensor2D>(new Random(2), [batch, width], 1);
    const throughBlock = tf.grad((input: tf.Tensor) => weightedSum(block.apply(input as tf.Tensor2D), lossWeights))(x);
    const throughH = tf.grad((input: tf.Tensor) => weightedSum(H.apply(input as tf.Tensor2D), lossWeights))(x);
    // d(Σ w ⊙ x)/dx = w: the shortcut's share
    expect(maxAbsDiff(throughBlock, throughH.add(lossWeights))).toBeLessThan(TOLERANCE);
    H.dispose();
  });

  it("trains with an optimizer, and tf.memory().numTensors stays flat", () => {
    const H = new Dense({ inputSize: width, outputSize: width, activation: "relu", seed: 5 });
    const block = new Residual(H);
    const x = small<tf.Tensor2D>(new Random(1), [batch, width], 1);
    const target = small<tf.Tensor2D>(new Random(8), [batch, width], 1);
    const optimizer = tf.train.adam(0.05);
    const trainStep = (): number => {
      const loss = optimizer.minimize(() => tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(target, block.apply(x)), true, block.weights)!;
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    };
    const first = trainStep();
    trainStep(); // the optimizer allocates its slots on the first steps
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 20; i++) last = trainStep();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first);
    optimizer.dispose();
    H.dispose();
  });
});
