import * as tf from "@tensorflow/tfjs";
import { checkWidth } from "../sizes";
import type { CellState, SequenceStepper } from "./recurrent_cell";

/**
 * The part of a recurrent cell's equations that does not depend on the state, for every step at
 * once: W x_t + b for each t of xs [batch, steps, input], as one matmul, time-major so that each
 * step's rows are contiguous → [steps, batch, size of b]. What makes a cell's `unroll` faster
 * than calling `step` in a loop: only the recurrence is left to loop. `cell` names the caller in
 * the errors for a sequence with no steps or of the wrong width. Introduced in 02-rnn.
 */
export function projectInputs(cell: string, xs: tf.Tensor3D, W: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor3D {
  const [batch, steps, input] = xs.shape;
  checkSequence(cell, xs, W.shape[0]);
  return tf.tidy<tf.Tensor3D>(() =>
    // [steps·batch, input] @ [input, k] + b → [steps, batch, k]
    xs
      .transpose([1, 0, 2])
      .reshape([steps * batch, input])
      .matMul(W)
      .add(b)
      .reshape<tf.Tensor3D>([steps, batch, b.shape[0]]),
  );
}

/** A fused kernel's per-step function as a cell's stepper, with the check of `step`: x_t [batch, inputSize]. */
export function checkedStepper<S extends CellState>(
  cell: string,
  inputSize: number,
  step: (x: tf.Tensor2D, state: S) => S,
): SequenceStepper<S> {
  return {
    step: (x, state) => {
      checkWidth(`${cell}.step`, "x", x.shape, inputSize, "inputSize");
      return step(x, state);
    },
  };
}

/** The checks of a cell's `unroll`: xs [batch, steps, input] has at least one step, each `inputSize` wide. */
export function checkSequence(cell: string, xs: tf.Tensor3D, inputSize: number): void {
  if (xs.shape[1] === 0) throw new Error(`${cell}.unroll: xs has no time steps`);
  checkWidth(`${cell}.unroll`, "xs", xs.shape, inputSize, "inputSize");
}
