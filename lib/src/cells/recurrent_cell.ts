import type * as tf from "@tensorflow/tfjs";
import type { Layer } from "../layer";
import type { Random, Seeded } from "../random";

/** Everything that defines one of the kit's recurrent cells (an LSTM adds its `forgetBias`). */
export interface CellConfig extends Seeded {
  /** Size of each input vector x_t (d in the posts). Required. */
  inputSize: number;
  /** Size of the hidden state h_t (h in the posts; an LSTM's cell state c_t too). Required. */
  hiddenSize: number;
}

/**
 * A recurrent cell's state: one tensor h_t [batch, hidden] (the RNN and the GRU), or several
 * (the LSTM's (h_t, c_t)), each [batch, hidden].
 */
export type CellState = tf.Tensor2D | tf.Tensor2D[];

/**
 * What every recurrent cell of the kit offers, whatever its state S: one step at a time, a whole
 * sequence at once, and the output h_t that the layer above (and attention, and an output layer)
 * reads. `SimpleRNNCell` and `GRUCell` have S = Tensor2D (h_t), `LSTMCell` S = [h_t, c_t]. The
 * encoders and decoders of 05-seq2seq and 06-attention take any of them. Introduced in 05-seq2seq.
 */
export interface RecurrentCell<S extends CellState = CellState> extends Layer {
  /** Size of each input vector x_t. */
  readonly inputSize: number;
  /** Size of the output h_t (and of each tensor of the state). */
  readonly hiddenSize: number;
  /** The starting state, zeros, for `batch` examples. */
  zeroState(batch: number): S;
  /** One time step: x_t [batch, input] and the state before it → the state after it. */
  step(x: tf.Tensor2D, state: S): S;
  /**
   * `step` for the steps of one sequence: whatever the cell does to its weights before a step
   * (a fused cell lays them out for TensorFlow's kernel) is done once, here. Call it, and the
   * function it returns, inside the `tf.tidy` that runs the sequence.
   */
  stepper(): SequenceStepper<S>;
  /** xs [batch, steps, input], from `initial` (default zeros) → every h_t [batch, steps, hidden] and the last state. */
  unroll(xs: tf.Tensor3D, initial?: S): [hs: tf.Tensor3D, last: S];
  /** h_t: the part of the state the layer above reads   [batch, hidden]. */
  output(state: S): tf.Tensor2D;
  /** The state's tensors in a fixed order (h first), for code that treats each alike (masking, bridges). */
  parts(state: S): tf.Tensor2D[];
  /** The inverse of `parts`: the state made of these tensors. */
  fromParts(parts: readonly tf.Tensor2D[]): S;
}

/** What {@link RecurrentCell.stepper} returns: the cell's `step`, for the steps of one sequence. */
export interface SequenceStepper<S extends CellState = CellState> {
  /** One time step: x_t [batch, input] and the state before it → the state after it. */
  step(x: tf.Tensor2D, state: S): S;
}

/** Makes one recurrent cell of state S; stacks call it once per layer. */
export type CellFactory<S extends CellState = CellState> = (config: {
  inputSize: number;
  hiddenSize: number;
  random: Random;
}) => RecurrentCell<S>;

/**
 * The state methods of a cell whose state is its output h_t alone (`SimpleRNNCell`, `GRUCell`):
 * `output` is h_t itself, `parts` is [h_t], `fromParts` takes it back.
 */
export const HIDDEN_ONLY_STATE = {
  output: (h: tf.Tensor2D): tf.Tensor2D => h,
  parts: (h: tf.Tensor2D): tf.Tensor2D[] => [h],
  fromParts: (parts: readonly tf.Tensor2D[]): tf.Tensor2D => {
    const [h] = parts;
    if (h === undefined) throw new Error("fromParts: a one-tensor cell state needs [h]");
    return h;
  },
};
