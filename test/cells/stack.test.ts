import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { gruCell } from "../../lib/src/cells/fused_gru";
import { lstmCell } from "../../lib/src/cells/fused_lstm";
import { LSTMCell, type LSTMState } from "../../lib/src/cells/lstm";
import { CellStack, runCell } from "../../lib/src/cells/stack";
import { Random } from "../../lib/src/random";
import { maxAbsDiff } from "./reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("CellStack", () => {
  it("reads the layer below's h_t: its run equals running each cell over the one below's outputs (LSTM)", () => {
    const stack = new CellStack<LSTMState>({ cell: lstmCell, layers: 2, inputSize: 3, hiddenSize: 4, random: new Random(1) });
    const xs = new Random(2).uniform([2, 5, 3], -1, 1) as tf.Tensor3D;
    const [hs, last] = stack.run(xs);
    const [bottom] = (stack.cells[0] as LSTMCell).unroll(xs);
    const [top, topLast] = (stack.cells[1] as LSTMCell).unroll(bottom);
    expect(maxAbsDiff(hs, top)).toBeLessThan(1e-6);
    expect(maxAbsDiff(last[1][1], topLast[1])).toBeLessThan(1e-6);
    expect(stack.weights).toHaveLength(2 * 3);
    stack.dispose();
  });

  it("steps every layer at once, the same as its run one step at a time", () => {
    const stack = new CellStack({ cell: gruCell, layers: 3, inputSize: 3, hiddenSize: 4, random: new Random(3) });
    const xs = new Random(4).uniform([2, 3, 3], -1, 1) as tf.Tensor3D;
    const [hs] = stack.run(xs);
    let states = stack.cells.map((c) => c.zeroState(2));
    const tops: tf.Tensor2D[] = [];
    for (const x of tf.unstack(xs, 1) as tf.Tensor2D[]) {
      const [top, next] = stack.step(x, states);
      tops.push(top);
      states = next;
    }
    expect(maxAbsDiff(hs, tf.stack(tops, 1))).toBeLessThan(1e-6);
    stack.dispose();
  });

  it("refuses sizes that are not whole numbers ≥ 1, naming its owner", () => {
    expect(() => new CellStack({ cell: gruCell, layers: 0, inputSize: 3, hiddenSize: 4, random: new Random(0), owner: "Encoder" })).toThrow(
      "Encoder: layers must be a whole number ≥ 1, got 0",
    );
    expect(() => new CellStack({ cell: gruCell, layers: 1, inputSize: 3, hiddenSize: 2.5, random: new Random(0) })).toThrow(
      "CellStack: hiddenSize must be a whole number ≥ 1, got 2.5",
    );
  });
});

describe("runCell", () => {
  it("keeps both parts of an LSTM's state over masked steps", () => {
    const cell = new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 5 });
    const xs = new Random(6).uniform([1, 4, 3], -1, 1) as tf.Tensor3D;
    // steps 1 and 3 are padding: the state after step 3 is the state after step 2
    const [hs, last] = runCell(cell, xs, tf.tensor2d([[1, 0, 1, 0]]));
    const [bare, bareLast] = cell.unroll(tf.gather(xs, [0, 2], 1));
    expect(maxAbsDiff(last[0], bareLast[0])).toBeLessThan(1e-6);
    expect(maxAbsDiff(last[1], bareLast[1])).toBeLessThan(1e-6);
    // a masked step's h_t repeats the one before it
    expect(maxAbsDiff(hs.slice([0, 1, 0], [1, 1, 4]), bare.slice([0, 0, 0], [1, 1, 4]))).toBe(0);
    cell.dispose();
  });
});
