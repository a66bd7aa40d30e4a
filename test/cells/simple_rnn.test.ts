import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { SimpleRNNCell } from "../../lib/src/cells/simple_rnn";
import { cookingSequences, cookingTensors } from "../../lib/src/data/cooking";
import { Random } from "../../lib/src/random";
import { TOLERANCE, layerVariables, maxAbsDiff, small, weightedSum } from "./reference";

const batch = 3;
const steps = 5;
const inputSize = 4;
const hiddenSize = 6;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A SimpleRNNCell with small random weights (nonzero bias too), and tfjs's SimpleRNN holding the same weights. */
function cellAndReference(): { cell: SimpleRNNCell; layer: tf.layers.Layer } {
  const random = new Random(7);
  const cell = new SimpleRNNCell({ inputSize, hiddenSize, seed: 1 });
  cell.Wxh.assign(small(random, [inputSize, hiddenSize]));
  cell.Whh.assign(small(random, [hiddenSize, hiddenSize]));
  cell.bh.assign(small(random, [hiddenSize]));
  const layer = tf.layers.simpleRNN({ units: hiddenSize, returnSequences: true });
  tf.tidy(() => {
    layer.apply(tf.zeros([1, steps, inputSize])); // builds its weights
  });
  // tfjs's [kernel, recurrentKernel, bias] are [Wxh, Whh, bh].
  layer.setWeights(cell.weights);
  return { cell, layer };
}

function inputs(): { xs: tf.Tensor3D; h0: tf.Tensor2D; lossWeights: tf.Tensor3D } {
  const random = new Random(11);
  return {
    // [batch, steps, input]
    xs: small(random, [batch, steps, inputSize], 1),
    // [batch, hidden]
    h0: small(random, [batch, hiddenSize], 1),
    // [batch, steps, hidden]
    lossWeights: small(random, [batch, steps, hiddenSize], 1),
  };
}

describe("SimpleRNNCell", () => {
  it("has the documented shapes and types", () => {
    const cell = new SimpleRNNCell({ inputSize, hiddenSize });
    expect(cell.Wxh.shape).toEqual([inputSize, hiddenSize]);
    expect(cell.Whh.shape).toEqual([hiddenSize, hiddenSize]);
    expect(cell.bh.shape).toEqual([hiddenSize]);
    expect(cell.weights.every((w) => w.trainable)).toBe(true);
    expectTypeOf(cell.step).returns.toEqualTypeOf<tf.Tensor2D>();
    expectTypeOf(cell.unroll).returns.toEqualTypeOf<[hs: tf.Tensor3D, hLast: tf.Tensor2D]>();
    const [hs, hLast] = cell.unroll(tf.zeros([batch, steps, inputSize]));
    expect(hs.shape).toEqual([batch, steps, hiddenSize]);
    expect(hLast.shape).toEqual([batch, hiddenSize]);
    tf.dispose([hs, hLast]);
    cell.dispose();
  });

  it("draws the same initial weights from the same seed, or from a shared Random", () => {
    const [a, b, c] = [1, 1, 2].map((seed) => new SimpleRNNCell({ inputSize, hiddenSize, seed }));
    expect(maxAbsDiff(a.Wxh, b.Wxh)).toBe(0);
    expect(maxAbsDiff(a.Whh, b.Whh)).toBe(0);
    expect(maxAbsDiff(a.Wxh, c.Wxh)).toBeGreaterThan(0);
    const shared = new Random(1);
    const d = new SimpleRNNCell({ inputSize, hiddenSize, random: shared });
    expect(maxAbsDiff(a.Wxh, d.Wxh)).toBe(0);
    // the next cell drawn from the same Random continues its stream: different weights
    const e = new SimpleRNNCell({ inputSize, hiddenSize, random: shared });
    expect(maxAbsDiff(d.Wxh, e.Wxh)).toBeGreaterThan(0);
    for (const cell of [a, b, c, d, e]) cell.dispose();
  });

  it("equals tf.layers.simpleRNN with the same weights, forward", () => {
    const { cell, layer } = cellAndReference();
    const { xs, h0 } = inputs();
    const [hs, hLast] = cell.unroll(xs, h0);
    const reference = layer.apply(xs, { initialState: [h0] }) as tf.Tensor3D;
    expect(maxAbsDiff(hs, reference)).toBeLessThan(TOLERANCE);
    const referenceLast = reference.slice([0, steps - 1, 0], [batch, 1, hiddenSize]).squeeze([1]);
    expect(maxAbsDiff(hLast, referenceLast)).toBeLessThan(TOLERANCE);
    const [hsFromZero] = cell.unroll(xs);
    expect(maxAbsDiff(hsFromZero, layer.apply(xs) as tf.Tensor)).toBeLessThan(TOLERANCE);
  });

  it("equals tf.layers.simpleRNN in gradients with respect to inputs, initial state and weights", () => {
    const { cell, layer } = cellAndReference();
    const { xs, h0, lossWeights } = inputs();
    const ours = (x: tf.Tensor, h: tf.Tensor) => weightedSum(cell.unroll(x as tf.Tensor3D, h as tf.Tensor2D)[0], lossWeights);
    const theirs = (x: tf.Tensor, h: tf.Tensor) => weightedSum(layer.apply(x, { initialState: [h] }) as tf.Tensor, lossWeights);

    const oursByInput = tf.grads(ours)([xs, h0]);
    const theirsByInput = tf.grads(theirs)([xs, h0]);
    oursByInput.forEach((g, k) => expect(maxAbsDiff(g, theirsByInput[k])).toBeLessThan(TOLERANCE));

    const oursByWeight = tf.variableGrads(() => ours(xs, h0), cell.weights);
    const referenceVariables = layerVariables(layer);
    const theirsByWeight = tf.variableGrads(() => theirs(xs, h0), referenceVariables);
    expect(maxAbsDiff(oursByWeight.value, theirsByWeight.value)).toBeLessThan(TOLERANCE);
    cell.weights.forEach((w, k) => {
      const theirGrad = theirsByWeight.grads[referenceVariables[k].name];
      expect(maxAbsDiff(oursByWeight.grads[w.name], theirGrad)).toBeLessThan(TOLERANCE);
    });
  });

  it("steps one at a time exactly as unroll does", () => {
    const { cell } = cellAndReference();
    const { xs, h0 } = inputs();
    const [hs] = cell.unroll(xs, h0);
    let h = h0;
    tf.unstack(xs, 1).forEach((x, t) => {
      h = cell.step(x as tf.Tensor2D, h);
      const ht = hs.slice([0, t, 0], [batch, 1, hiddenSize]).squeeze([1]);
      expect(maxAbsDiff(h, ht)).toBeLessThan(TOLERANCE);
    });
  });

  it("trains with an optimizer, and tf.memory().numTensors stays flat", () => {
    const { xs, ys } = cookingTensors(cookingSequences({ count: 8, days: 6, seed: 3 }));
    const cell = new SimpleRNNCell({ inputSize: 2, hiddenSize: 8, seed: 5 });
    // a dense read-out h_t → dish logits: [hidden, 3]
    const head = tf.variable(new Random(5).glorot(8, 3));
    const optimizer = tf.train.adam(0.05);
    const trainStep = (): number => {
      const loss = optimizer.minimize(() => {
        const [hs] = cell.unroll(xs);
        const logits = hs.reshape([-1, 8]).matMul(head);
        return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(ys.reshape([-1, 3]), logits);
      }, true)!;
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    };
    const before = cell.weights.map((w) => w.clone());
    const firstLoss = trainStep(); // the first step creates Adam's moment slots
    cell.weights.forEach((w, k) => expect(maxAbsDiff(w, before[k])).toBeGreaterThan(0));
    tf.dispose(before);
    const tensors = tf.memory().numTensors;
    let lastLoss = firstLoss;
    for (let i = 0; i < 5; i++) {
      lastLoss = trainStep();
      expect(tf.memory().numTensors).toBe(tensors);
    }
    expect(lastLoss).toBeLessThan(firstLoss);

    // Outside an optimizer, unroll and step leave nothing behind but their results.
    const [hs, last] = cell.unroll(xs);
    tf.dispose([hs, last]);
    expect(tf.memory().numTensors).toBe(tensors);
    const [x0] = tf.unstack(xs, 1) as tf.Tensor2D[];
    const state0 = cell.zeroState(8);
    const beforeStep = tf.memory().numTensors;
    const state1 = cell.step(x0, state0);
    expect(tf.memory().numTensors).toBe(beforeStep + 1);
    tf.dispose([state0, state1]);
    optimizer.dispose();
    head.dispose();
    cell.dispose();
  });
});
