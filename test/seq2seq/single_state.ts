import type * as tf from "@tensorflow/tfjs";
import type { CellState } from "../../lib/src/cells/recurrent_cell";

/** The one tensor h of a GRU's or RNN's state (an LSTM's (h, c) is an error here). */
export function single(state: CellState | undefined): tf.Tensor2D {
  if (state === undefined || Array.isArray(state)) throw new Error("expected a one-tensor cell state");
  return state;
}
