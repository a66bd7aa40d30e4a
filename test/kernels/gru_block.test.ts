import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { blockWeightRows, cellInputs, inputGradientRows, toBlockWeights } from "../../lib/src/kernels/gru_block";
import { runTensorFlowOp } from "../../lib/src/kernels/tensorflow_ops";
import { Random } from "../../lib/src/random";
import { maxAbsDiff } from "../cells/reference";
import { requireTensorFlowBackend } from "../tensorflow_backend";

requireTensorFlowBackend();

const batch = 5;
const steps = 3;
const inputSize = 7;
const hiddenSize = 6;

/** Block weights and, for each of a few steps, GRUBlockCell and its full GRUBlockCellGrad on random inputs and gradients. */
function steppedCell() {
  const random = new Random(21);
  const w = toBlockWeights(
    random.uniform([inputSize, 3 * hiddenSize], -0.5, 0.5) as tf.Tensor2D,
    random.uniform([hiddenSize, 3 * hiddenSize], -0.5, 0.5) as tf.Tensor2D,
    random.uniform([3 * hiddenSize], -0.5, 0.5) as tf.Tensor1D,
  );
  const runs = Array.from({ length: steps }, () => {
    const x = random.uniform([batch, inputSize], -1, 1);
    const h = random.uniform([batch, hiddenSize], -1, 1);
    const dh = random.uniform([batch, hiddenSize], -1, 1);
    const [r, u, c] = runTensorFlowOp("GRUBlockCell", cellInputs(x, h, w), 4);
    const [dx, dhPrev, dcBar, druBar] = runTensorFlowOp("GRUBlockCellGrad", [...cellInputs(x, h, w), r, u, c, dh], 4);
    return { h, dh, gates: [r, u, c], dx, dhPrev, dcBar, druBar };
  });
  return { w, runs };
}

describe("GRUBlockCellGrad on some of the weights' rows (kernels/gru_block.ts)", () => {
  it("gives ∂h_{t-1}, ∂c̄ and ∂[r̄, ū] bit for bit without the input's rows", () => {
    const { w, runs } = steppedCell();
    const recurrent = blockWeightRows(w, inputSize, hiddenSize);
    for (const { h, dh, gates, dhPrev, dcBar, druBar } of runs) {
      const [dx, ...rest] = runTensorFlowOp("GRUBlockCellGrad", [...cellInputs(tf.zeros([batch, 0]), h, recurrent), ...gates, dh], 4);
      expect(dx.shape).toEqual([batch, 0]);
      expect(rest.map((t, i) => maxAbsDiff(t, [dhPrev, dcBar, druBar][i]))).toEqual([0, 0, 0]);
    }
  });

  it("inputGradientRows gives every step's ∂x_t bit for bit, and any slice of its features", () => {
    const { w, runs } = steppedCell();
    const rows = (pick: (run: (typeof runs)[number]) => tf.Tensor) => tf.concat(runs.map(pick), 0);
    const [dRuRows, dCRows, dxRows] = [rows((run) => run.druBar), rows((run) => run.dcBar), rows((run) => run.dx)];
    expect(maxAbsDiff(inputGradientRows(w, 0, inputSize, dRuRows, dCRows), dxRows)).toBe(0);
    expect(maxAbsDiff(inputGradientRows(w, 2, 3, dRuRows, dCRows), dxRows.slice([0, 2], [-1, 3]))).toBe(0);
  });
});
