import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { LSTMCell, type LSTMState } from "../../lib/src/cells/lstm";
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

/** An LSTMCell with small random weights (nonzero biases too), and tfjs's LSTM holding the same weights. */
function cellAndReference(): { cell: LSTMCell; layer: tf.layers.Layer } {
  const random = new Random(7);
  const cell = new LSTMCell({ inputSize, hiddenSize, seed: 1 });
  cell.W.assign(small(random, [inputSize, 4 * hiddenSize]));
  cell.U.assign(small(random, [hiddenSize, 4 * hiddenSize]));
  cell.b.assign(small(random, [4 * hiddenSize]));
  const layer = tf.layers.lstm({ units: hiddenSize, recurrentActivation: "sigmoid", returnSequences: true });
  tf.tidy(() => {
    layer.apply(tf.zeros([1, steps, inputSize])); // builds its weights
  });
  // Both store [kernel, recurrentKernel, bias] fused in the gate order i, f, c, o: copied as they are.
  layer.setWeights(cell.weights);
  return { cell, layer };
}

function inputs(): { xs: tf.Tensor3D; h0: tf.Tensor2D; c0: tf.Tensor2D; lossWeights: tf.Tensor3D } {
  const random = new Random(11);
  return {
    // [batch, steps, input]
    xs: small(random, [batch, steps, inputSize], 1),
    // [batch, hidden] each
    h0: small(random, [batch, hiddenSize], 1),
    c0: small(random, [batch, hiddenSize], 1),
    // [batch, steps, hidden]
    lossWeights: small(random, [batch, steps, hiddenSize], 1),
  };
}

describe("LSTMCell", () => {
  it("has the documented shapes, types and forget-gate bias", () => {
    const cell = new LSTMCell({ inputSize, hiddenSize });
    expect(cell.W.shape).toEqual([inputSize, 4 * hiddenSize]);
    expect(cell.U.shape).toEqual([hiddenSize, 4 * hiddenSize]);
    // b = [b_i | b_f | b_c | b_o] with b_f = forgetBias (default 1)
    const expected = [0, 1, 0, 0].flatMap((v) => new Array<number>(hiddenSize).fill(v));
    expect(Array.from(cell.b.dataSync())).toEqual(expected);
    expect(cell.weights.every((w) => w.trainable)).toBe(true);
    expectTypeOf(cell.step).returns.toEqualTypeOf<LSTMState>();
    expectTypeOf(cell.unroll).returns.toEqualTypeOf<[hs: tf.Tensor3D, last: LSTMState]>();
    const [hs, [h, c]] = cell.unroll(tf.zeros([batch, steps, inputSize]));
    expect(hs.shape).toEqual([batch, steps, hiddenSize]);
    expect(h.shape).toEqual([batch, hiddenSize]);
    expect(c.shape).toEqual([batch, hiddenSize]);
    tf.dispose([hs, h, c]);
    cell.dispose();
  });

  it("draws the same initial weights from the same seed", () => {
    const [a, b, c] = [1, 1, 2].map((seed) => new LSTMCell({ inputSize, hiddenSize, seed }));
    expect(maxAbsDiff(a.W, b.W)).toBe(0);
    expect(maxAbsDiff(a.U, b.U)).toBe(0);
    expect(maxAbsDiff(a.W, c.W)).toBeGreaterThan(0);
    for (const cell of [a, b, c]) cell.dispose();
  });

  it("equals tf.layers.lstm with the same weights, forward", () => {
    const { cell, layer } = cellAndReference();
    const { xs, h0, c0 } = inputs();
    const [hs, [hLast]] = cell.unroll(xs, [h0, c0]);
    const reference = layer.apply(xs, { initialState: [h0, c0] }) as tf.Tensor3D;
    expect(maxAbsDiff(hs, reference)).toBeLessThan(TOLERANCE);
    const referenceLast = reference.slice([0, steps - 1, 0], [batch, 1, hiddenSize]).squeeze([1]);
    expect(maxAbsDiff(hLast, referenceLast)).toBeLessThan(TOLERANCE);
    const [hsFromZero] = cell.unroll(xs);
    expect(maxAbsDiff(hsFromZero, layer.apply(xs) as tf.Tensor)).toBeLessThan(TOLERANCE);
  });

  it("equals tf.layers.lstm in gradients with respect to inputs, initial state and weights", () => {
    const { cell, layer } = cellAndReference();
    const { xs, h0, c0, lossWeights } = inputs();
    const ours = (x: tf.Tensor, h: tf.Tensor, c: tf.Tensor) =>
      weightedSum(cell.unroll(x as tf.Tensor3D, [h as tf.Tensor2D, c as tf.Tensor2D])[0], lossWeights);
    const theirs = (x: tf.Tensor, h: tf.Tensor, c: tf.Tensor) =>
      weightedSum(layer.apply(x, { initialState: [h, c] }) as tf.Tensor, lossWeights);

    const oursByInput = tf.grads(ours)([xs, h0, c0]);
    const theirsByInput = tf.grads(theirs)([xs, h0, c0]);
    oursByInput.forEach((g, k) => expect(maxAbsDiff(g, theirsByInput[k])).toBeLessThan(TOLERANCE));

    const oursByWeight = tf.variableGrads(() => ours(xs, h0, c0), cell.weights);
    const referenceVariables = layerVariables(layer);
    const theirsByWeight = tf.variableGrads(() => theirs(xs, h0, c0), referenceVariables);
    expect(maxAbsDiff(oursByWeight.value, theirsByWeight.value)).toBeLessThan(TOLERANCE);
    cell.weights.forEach((w, k) => {
      const theirGrad = theirsByWeight.grads[referenceVariables[k].name];
      expect(maxAbsDiff(oursByWeight.grads[w.name], theirGrad)).toBeLessThan(TOLERANCE);
    });
  });

  it("steps one at a time exactly as unroll does, cell state included", () => {
    const { cell } = cellAndReference();
    const { xs, h0, c0 } = inputs();
    const [hs, [, cLast]] = cell.unroll(xs, [h0, c0]);
    let state: LSTMState = [h0, c0];
    tf.unstack(xs, 1).forEach((x, t) => {
      state = cell.step(x as tf.Tensor2D, state);
      const ht = hs.slice([0, t, 0], [batch, 1, hiddenSize]).squeeze([1]);
      expect(maxAbsDiff(state[0], ht)).toBeLessThan(TOLERANCE);
    });
    expect(maxAbsDiff(state[1], cLast)).toBeLessThan(TOLERANCE);
  });

  it("trains with an optimizer, and tf.memory().numTensors stays flat", () => {
    const { xs, ys } = cookingTensors(cookingSequences({ count: 8, days: 6, seed: 3 }));
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 8, seed: 5 });
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
    expect(tf.memory().numTensors).toBe(beforeStep + 2);
    tf.dispose([state0, state1]);
    optimizer.dispose();
    head.dispose();
    cell.dispose();
  });
});
