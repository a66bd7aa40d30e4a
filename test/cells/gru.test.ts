import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { GRUCell } from "../../lib/src/cells/gru";
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

/**
 * A fused [.., 3·hidden] GRU weight (gate order z, r, h) with its update-gate block negated.
 * It maps the seed's blend onto tfjs's and back (it is its own inverse): σ(−a) = 1 − σ(a), so
 * z_seed = 1 − z_tfjs, and (1 − z_seed)·h₋₁ + z_seed·h̃ = z_tfjs·h₋₁ + (1 − z_tfjs)·h̃.
 */
function negateUpdateGate<T extends tf.Tensor>(w: T): T {
  return tf.tidy(() => {
    const [z, rest] = tf.split(w, [hiddenSize, 2 * hiddenSize], -1) as [tf.Tensor, tf.Tensor];
    return tf.concat([z.neg(), rest], -1) as T;
  });
}

/** A GRUCell with small random weights (nonzero biases too), and tfjs's GRU holding the same model. */
function cellAndReference(): { cell: GRUCell; layer: tf.layers.Layer } {
  const random = new Random(7);
  const cell = new GRUCell({ inputSize, hiddenSize, seed: 1 });
  cell.W.assign(small(random, [inputSize, 3 * hiddenSize]));
  cell.U.assign(small(random, [hiddenSize, 3 * hiddenSize]));
  cell.b.assign(small(random, [3 * hiddenSize]));
  const layer = tf.layers.gru({ units: hiddenSize, recurrentActivation: "sigmoid", returnSequences: true });
  tf.tidy(() => {
    layer.apply(tf.zeros([1, steps, inputSize])); // builds its weights
  });
  // tfjs's gate order is also z, r, h; only the update gate's sign differs.
  layer.setWeights(cell.weights.map((w) => negateUpdateGate(w)));
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

describe("GRUCell", () => {
  it("has the documented shapes and types", () => {
    const cell = new GRUCell({ inputSize, hiddenSize });
    expect(cell.W.shape).toEqual([inputSize, 3 * hiddenSize]);
    expect(cell.U.shape).toEqual([hiddenSize, 3 * hiddenSize]);
    expect(cell.b.shape).toEqual([3 * hiddenSize]);
    expect(cell.weights.every((w) => w.trainable)).toBe(true);
    expectTypeOf(cell.step).returns.toEqualTypeOf<tf.Tensor2D>();
    expectTypeOf(cell.unroll).returns.toEqualTypeOf<[hs: tf.Tensor3D, hLast: tf.Tensor2D]>();
    const [hs, hLast] = cell.unroll(tf.zeros([batch, steps, inputSize]));
    expect(hs.shape).toEqual([batch, steps, hiddenSize]);
    expect(hLast.shape).toEqual([batch, hiddenSize]);
    tf.dispose([hs, hLast]);
    cell.dispose();
  });

  it("draws the same initial weights from the same seed", () => {
    const [a, b, c] = [1, 1, 2].map((seed) => new GRUCell({ inputSize, hiddenSize, seed }));
    expect(maxAbsDiff(a.W, b.W)).toBe(0);
    expect(maxAbsDiff(a.U, b.U)).toBe(0);
    expect(maxAbsDiff(a.W, c.W)).toBeGreaterThan(0);
    for (const cell of [a, b, c]) cell.dispose();
  });

  it("equals tf.layers.gru with the update gate negated (same model, other blend), forward", () => {
    const { cell, layer } = cellAndReference();
    const { xs, h0 } = inputs();
    const [hs, hLast] = cell.unroll(xs, h0);
    const reference = layer.apply(xs, { initialState: [h0] }) as tf.Tensor3D;
    expect(maxAbsDiff(hs, reference)).toBeLessThan(TOLERANCE);
    const referenceLast = reference.slice([0, steps - 1, 0], [batch, 1, hiddenSize]).squeeze([1]);
    expect(maxAbsDiff(hLast, referenceLast)).toBeLessThan(TOLERANCE);
    // From zeros too (the default initial state on both sides).
    const [hsFromZero] = cell.unroll(xs);
    expect(maxAbsDiff(hsFromZero, layer.apply(xs) as tf.Tensor)).toBeLessThan(TOLERANCE);
  });

  it("takes a tf.layers.gru's own weights the same way: the map is its own inverse", () => {
    const layer = tf.layers.gru({ units: hiddenSize, recurrentActivation: "sigmoid", returnSequences: true });
    const { xs } = inputs();
    // tfjs's own initial weights (Glorot kernel, orthogonal recurrent kernel, zero bias)
    const reference = layer.apply(xs) as tf.Tensor3D;
    const cell = new GRUCell({ inputSize, hiddenSize });
    layer.getWeights().forEach((w, k) => cell.weights[k].assign(negateUpdateGate(w)));
    expect(maxAbsDiff(cell.unroll(xs)[0], reference)).toBeLessThan(TOLERANCE);
  });

  it("differs from tf.layers.gru when the weights are copied without negating z: the blends are opposite", () => {
    const { cell, layer } = cellAndReference();
    layer.setWeights(cell.weights);
    const { xs } = inputs();
    const [hs] = cell.unroll(xs);
    expect(maxAbsDiff(hs, layer.apply(xs) as tf.Tensor)).toBeGreaterThan(0.01);
  });

  it("equals tf.layers.gru in gradients with respect to inputs, initial state and weights", () => {
    const { cell, layer } = cellAndReference();
    const { xs, h0, lossWeights } = inputs();
    const ours = (x: tf.Tensor, h: tf.Tensor) => weightedSum(cell.unroll(x as tf.Tensor3D, h as tf.Tensor2D)[0], lossWeights);
    const theirs = (x: tf.Tensor, h: tf.Tensor) => weightedSum(layer.apply(x, { initialState: [h] }) as tf.Tensor, lossWeights);

    const [dxOurs, dh0Ours] = tf.grads(ours)([xs, h0]);
    const [dxTheirs, dh0Theirs] = tf.grads(theirs)([xs, h0]);
    expect(maxAbsDiff(dxOurs, dxTheirs)).toBeLessThan(TOLERANCE);
    expect(maxAbsDiff(dh0Ours, dh0Theirs)).toBeLessThan(TOLERANCE);

    const oursByWeight = tf.variableGrads(() => ours(xs, h0), cell.weights);
    const referenceVariables = layerVariables(layer);
    const theirsByWeight = tf.variableGrads(() => theirs(xs, h0), referenceVariables);
    expect(maxAbsDiff(oursByWeight.value, theirsByWeight.value)).toBeLessThan(TOLERANCE);
    cell.weights.forEach((w, k) => {
      const ourGrad = oursByWeight.grads[w.name];
      // d/dW_z of the seed's form = −d/dW'_z of tfjs's, because W_z = −W'_z.
      const theirGrad = negateUpdateGate(theirsByWeight.grads[referenceVariables[k].name]);
      expect(maxAbsDiff(ourGrad, theirGrad)).toBeLessThan(TOLERANCE);
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
    const cell = new GRUCell({ inputSize: 2, hiddenSize: 8, seed: 5 });
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
