import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { requireTensorFlowBackend } from "../tensorflow_backend";
import { FusedGRUCell } from "../../lib/src/cells/fused_gru";
import { GRUCell } from "../../lib/src/cells/gru";
import { Random } from "../../lib/src/random";
import { TOLERANCE, maxAbsDiff, small, weightedSum } from "./reference";

const batch = 3;
const steps = 5;
const inputSize = 4;
const hiddenSize = 6;

requireTensorFlowBackend();

/** The equation cell and the fused one with the same weights, nonzero biases included. */
function cells(): { equations: GRUCell; fused: FusedGRUCell } {
  const equations = new GRUCell({ inputSize, hiddenSize, random: new Random(1) });
  const fused = new FusedGRUCell({ inputSize, hiddenSize, random: new Random(1) });
  const bias = small<tf.Tensor1D>(new Random(2), [3 * hiddenSize]);
  equations.b.assign(bias);
  fused.b.assign(bias);
  bias.dispose();
  return { equations, fused };
}

/** The loss and gradients (inputs, h0, then W, U, b) of a weighted sum of what `run` returns. */
function gradients(
  cell: GRUCell,
  run: (xs: tf.Tensor3D, h0: tf.Tensor2D) => tf.Tensor,
  xs: tf.Tensor3D,
  h0: tf.Tensor2D,
  weights: tf.Tensor,
) {
  const inputGrads = tf.grads((x: tf.Tensor, h: tf.Tensor) => weightedSum(run(x as tf.Tensor3D, h as tf.Tensor2D), weights))([xs, h0]);
  const { value, grads } = tf.variableGrads(() => weightedSum(run(xs, h0), weights), cell.weights);
  return [value, ...inputGrads, ...cell.weights.map((w) => grads[w.name])] as tf.Tensor[];
}

describe("FusedGRUCell (TensorFlow's GRUBlockCell and GRUBlockCellGrad)", () => {
  const random = new Random(3);
  const xs = small<tf.Tensor3D>(random, [batch, steps, inputSize]);
  const h0 = small<tf.Tensor2D>(random, [batch, hiddenSize]);
  const weights = small<tf.Tensor3D>(random, [batch, steps, hiddenSize], 1);

  it("unrolls to the GRUCell's states and gradients (xs, h0, W, U, b) within 1e-5", () => {
    const { equations, fused } = cells();
    const unrolled = (cell: GRUCell) => (x: tf.Tensor3D, h: tf.Tensor2D) => cell.unroll(x, h)[0];
    const want = gradients(equations, unrolled(equations), xs, h0, weights);
    const got = gradients(fused, unrolled(fused), xs, h0, weights);
    for (const [i, w] of want.entries()) expect(maxAbsDiff(got[i], w), `output ${i}`).toBeLessThanOrEqual(TOLERANCE);
    // the last state is the last of the states
    const [hs, hLast] = fused.unroll(xs, h0);
    expect(maxAbsDiff(hLast, hs.slice([0, steps - 1, 0], [batch, 1, hiddenSize]).reshape([batch, hiddenSize]))).toBe(0);
    tf.dispose([...want, ...got, hs, hLast]);
  });

  it("steps (one stepper for the sequence) to the GRUCell's states and gradients within 1e-5", () => {
    const { equations, fused } = cells();
    const stepped = (cell: GRUCell) => (x: tf.Tensor3D, h: tf.Tensor2D) => {
      const stepper = cell.stepper();
      const hs: tf.Tensor2D[] = [];
      for (const xt of tf.unstack(x, 1)) {
        h = stepper.step(xt as tf.Tensor2D, h);
        hs.push(h);
      }
      return tf.stack(hs, 1);
    };
    const want = gradients(equations, stepped(equations), xs, h0, weights);
    const got = gradients(fused, stepped(fused), xs, h0, weights);
    for (const [i, w] of want.entries()) expect(maxAbsDiff(got[i], w), `output ${i}`).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([...want, ...got]);
  });

  it("leaves no tensor behind across training steps", () => {
    const { fused } = cells();
    const optimizer = tf.train.adam(0.01);
    const train = () =>
      optimizer
        .minimize(() => {
          const [hs] = fused.unroll(xs, h0);
          const stepper = fused.stepper();
          return weightedSum(hs, weights).add(
            stepper.step(xs.slice([0, 0, 0], [batch, 1, inputSize]).reshape([batch, inputSize]), h0).sum(),
          );
        }, true)
        ?.dispose();
    train();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) train();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("says which cell and which sizes when the input is too wide", () => {
    const { fused } = cells();
    expect(() => fused.unroll(tf.zeros([batch, steps, inputSize + 1]))).toThrow(
      "FusedGRUCell.unroll: xs has 5 features, expected inputSize 4",
    );
    expect(() => fused.step(tf.zeros([batch, inputSize + 1]), h0)).toThrow("FusedGRUCell.step: x has 5 features, expected inputSize 4");
  });
});
