import type * as tf from "@tensorflow/tfjs";
import { GRUCell } from "../cells/gru";
import { SimpleRNNCell } from "../cells/simple_rnn";
import type { Random } from "../random";

/**
 * What the encoder and decoder need from a recurrent cell: a state that is one tensor h_t
 * [batch, hidden], one step at a time (`step`) or over a whole sequence (`unroll`). GRUCell and
 * SimpleRNNCell have exactly this shape. LSTMCell does not: its state is the pair (h_t, c_t).
 * Introduced in 05-seq2seq.
 */
export interface RecurrentCell {
  /** Size of each input vector x_t. */
  readonly inputSize: number;
  /** Size of the state h_t. */
  readonly hiddenSize: number;
  /** The trainable weights, for an optimizer's var list. */
  readonly weights: tf.Variable[];
  /** x_t [batch, input] and h_{t-1} [batch, hidden] → h_t [batch, hidden]. */
  step(x: tf.Tensor2D, hPrev: tf.Tensor2D): tf.Tensor2D;
  /** xs [batch, steps, input], from h0 (default zeros) → every h_t [batch, steps, hidden] and the last. */
  unroll(xs: tf.Tensor3D, h0?: tf.Tensor2D): [hs: tf.Tensor3D, hLast: tf.Tensor2D];
  /** Frees the weights. */
  dispose(): void;
}

/** Makes one recurrent cell; the encoder and decoder call it once per layer. */
export type CellFactory = (config: { inputSize: number; hiddenSize: number; random: Random }) => RecurrentCell;

/** The GRU of 04-gru (the default cell of the encoder and decoder). */
export const gruCell: CellFactory = (config) => new GRUCell(config);

/** The plain RNN of 02-rnn. */
export const simpleRNNCell: CellFactory = (config) => new SimpleRNNCell(config);
