import * as tf from "@tensorflow/tfjs";
import { FusedGateCell } from "./fused_gate_cell";
import { HIDDEN_ONLY_STATE, type CellConfig, type CellFactory, type RecurrentCell } from "./recurrent_cell";
import { checkWidth } from "../sizes";
import { projectInputs } from "./project_inputs";
import { unstackSteps } from "../unstack_steps";

/** Everything that defines a {@link SimpleRNNCell}: its sizes and where its weights come from. */
export type SimpleRNNConfig = CellConfig;

/**
 * The plain (Elman) recurrent cell of the seed, written from its one equation:
 *
 *   h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h)
 *
 * Rows are examples (x_t is a row of a [batch, input] matrix), so the code multiplies on the
 * right: `x_t · Wxh` with Wxh of shape [input, hidden] is the seed's W_xh x_t with its W_xh
 * transposed; likewise Whh is [hidden, hidden]. This is the layout of `tf.layers.simpleRNN`
 * (kernel = Wxh, recurrentKernel = Whh, bias = bh), so its weights copy across unchanged.
 * The weights are those of a one-gate {@link FusedGateCell} (Wxh is its W, Whh its U, bh its b).
 * Initial weights: Glorot uniform from the kit's Random (the same on every backend), bh = 0.
 * Introduced in 02-rnn.
 */
export class SimpleRNNCell extends FusedGateCell<tf.Tensor2D> implements RecurrentCell<tf.Tensor2D> {
  constructor(config: SimpleRNNConfig) {
    super("SimpleRNNCell", config, 1);
  }

  /** W_xh, input → hidden: [input, hidden]. The seed's name for W (a single gate). */
  get Wxh(): tf.Variable<tf.Rank.R2> {
    return this.W;
  }

  /** W_hh, hidden → hidden: [hidden, hidden]. The seed's name for U. */
  get Whh(): tf.Variable<tf.Rank.R2> {
    return this.U;
  }

  /** b_h: [hidden]. The seed's name for b. */
  get bh(): tf.Variable<tf.Rank.R1> {
    return this.b;
  }

  /** The starting state h_0 = 0: [batch, hidden]. */
  zeroState(batch: number): tf.Tensor2D {
    return tf.zeros([batch, this.hiddenSize]);
  }

  /** One time step: x_t [batch, input] and h_{t-1} [batch, hidden] → h_t [batch, hidden]. */
  step(x: tf.Tensor2D, hPrev: tf.Tensor2D): tf.Tensor2D {
    checkWidth("SimpleRNNCell.step", "x", x.shape, this.inputSize, "inputSize");
    return tf.tidy(() => {
      // W_xh x_t + b_h   [batch, hidden]
      const xProj = x.matMul(this.Wxh).add<tf.Tensor2D>(this.bh);
      return this.next(xProj, hPrev);
    });
  }

  /**
   * Runs the cell over every step of `xs` [batch, steps, input], from `h0` (default zeros).
   * Returns every hidden state [batch, steps, hidden] and the last one [batch, hidden].
   * The input projections of all steps are one matmul; only the recurrence loops.
   */
  unroll(xs: tf.Tensor3D, h0?: tf.Tensor2D): [hs: tf.Tensor3D, hLast: tf.Tensor2D] {
    const batch = xs.shape[0];
    return tf.tidy(() => {
      // W_xh x_t + b_h for every t at once, one matmul   steps × [batch, hidden]
      const xProjs = unstackSteps<tf.Tensor2D>(projectInputs("SimpleRNNCell", xs, this.Wxh, this.bh));
      let h = h0 ?? this.zeroState(batch);
      const hs: tf.Tensor2D[] = [];
      for (const xProj of xProjs) {
        h = this.next(xProj, h);
        hs.push(h);
      }
      // [steps, batch, hidden] → [batch, steps, hidden]
      return [tf.stack(hs).transpose<tf.Tensor3D>([1, 0, 2]), h];
    });
  }

  /** The recurrence, given W_xh x_t + b_h [batch, hidden] already computed. */
  private next(xProj: tf.Tensor2D, hPrev: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      // h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h)   [batch, hidden]
      return tf.tanh(hPrev.matMul(this.Whh).add(xProj)) as tf.Tensor2D;
    });
  }

  /** h_t itself: the state is the output. */
  readonly output = HIDDEN_ONLY_STATE.output;
  /** [h_t]. */
  readonly parts = HIDDEN_ONLY_STATE.parts;
  /** h_t from [h_t]. */
  readonly fromParts = HIDDEN_ONLY_STATE.fromParts;
}

/** The plain RNN of 02-rnn, for an encoder or decoder: `cell: simpleRNNCell`. */
export const simpleRNNCell: CellFactory<tf.Tensor2D> = (config) => new SimpleRNNCell(config);
