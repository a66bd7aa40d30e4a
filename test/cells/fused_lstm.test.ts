import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { requireTensorFlowBackend } from "../tensorflow_backend";
import { FusedLSTMCell } from "../../lib/src/cells/fused_lstm";
import { LSTMCell, type LSTMState } from "../../lib/src/cells/lstm";
import { Random } from "../../lib/src/random";
import { TOLERANCE, maxAbsDiff, small, weightedSum } from "./reference";

const batch = 3;
const steps = 5;
const inputSize = 4;
const hiddenSize = 6;

requireTensorFlowBackend();

/** The equation cell and the fused one with the same weights, every bias nonzero. */
function cells(): { equations: LSTMCell; fused: FusedLSTMCell } {
  const equations = new LSTMCell({ inputSize, hiddenSize, random: new Random(1) });
  const fused = new FusedLSTMCell({ inputSize, hiddenSize, random: new Random(1) });
  const bias = small<tf.Tensor1D>(new Random(2), [4 * hiddenSize]).add<tf.Tensor1D>(equations.b);
  equations.b.assign(bias);
  fused.b.assign(bias);
  bias.dispose();
  return { equations, fused };
}

type Run = (xs: tf.Tensor3D, state: LSTMState) => tf.Tensor;

/** The output and gradients (xs, h0, c0, then W, U, b) of a weighted sum of what `run` returns. */
function gradients(cell: LSTMCell, run: Run, xs: tf.Tensor3D, [h0, c0]: LSTMState, weights: tf.Tensor): tf.Tensor[] {
  const loss = (x: tf.Tensor, h: tf.Tensor, c: tf.Tensor) =>
    weightedSum(run(x as tf.Tensor3D, [h as tf.Tensor2D, c as tf.Tensor2D]), weights);
  const inputGrads = tf.grads(loss)([xs, h0, c0]);
  const { grads } = tf.variableGrads(() => loss(xs, h0, c0), cell.weights);
  return [run(xs, [h0, c0]), ...inputGrads, ...cell.weights.map((w) => grads[w.name])];
}

describe("FusedLSTMCell (TensorFlow's LSTMBlockCell and LSTMBlockCellGrad)", () => {
  const random = new Random(3);
  const xs = small<tf.Tensor3D>(random, [batch, steps, inputSize]);
  // c_0 = ±20: the cell state stays above 3 (to the last step), where LSTMBlockCell would clip it by default
  const start: LSTMState = [small(random, [batch, hiddenSize]), small<tf.Tensor2D>(random, [batch, hiddenSize]).sign().mul(20)];
  const weights = small<tf.Tensor2D>(random, [batch, (steps + 1) * hiddenSize], 1);
  // every h_t and the last c_t, side by side   [batch, (steps + 1)·hidden]
  const unrolled =
    (cell: LSTMCell): Run =>
    (x, state) => {
      const [hs, [, cLast]] = cell.unroll(x, state);
      return tf.concat([hs.reshape([batch, steps * hiddenSize]), cLast], 1);
    };
  const stepped =
    (cell: LSTMCell): Run =>
    (x, state) => {
      const stepper = cell.stepper();
      const hs: tf.Tensor2D[] = [];
      for (const xt of tf.unstack(x, 1)) {
        state = stepper.step(xt as tf.Tensor2D, state);
        hs.push(state[0]);
      }
      return tf.concat([...hs, state[1]], 1);
    };

  for (const [how, run] of [
    ["unrolls", unrolled],
    ["steps (one stepper for the sequence)", stepped],
  ] as const) {
    it(`${how} to the LSTMCell's states and gradients (xs, h0, c0, W, U, b) within 1e-5, unclipped`, () => {
      const { equations, fused } = cells();
      const want = gradients(equations, run(equations), xs, start, weights);
      const got = gradients(fused, run(fused), xs, start, weights);
      for (const [i, w] of want.entries()) expect(maxAbsDiff(got[i], w), `output ${i}`).toBeLessThanOrEqual(TOLERANCE);
      // the cell state did pass 3 (so no clipping is what matched)
      expect(tf.tidy(() => want[0].abs().max().dataSync()[0])).toBeGreaterThan(3);
      tf.dispose([...want, ...got]);
    });
  }

  it("leaves no tensor behind across training steps", () => {
    const { fused } = cells();
    const optimizer = tf.train.adam(0.01);
    const train = () => optimizer.minimize(() => weightedSum(unrolled(fused)(xs, start), weights), true)?.dispose();
    train();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) train();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("says which cell and which sizes when the input is too wide", () => {
    const { fused } = cells();
    expect(() => fused.unroll(tf.zeros([batch, steps, inputSize + 1]))).toThrow(
      "FusedLSTMCell.unroll: xs has 5 features, expected inputSize 4",
    );
    expect(() => fused.step(tf.zeros([batch, inputSize + 1]), start)).toThrow("FusedLSTMCell.step: x has 5 features, expected inputSize 4");
  });
});
