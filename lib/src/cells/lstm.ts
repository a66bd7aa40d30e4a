import * as tf from "@tensorflow/tfjs";
import { FusedGateCell } from "./fused_gate_cell";
import type { CellConfig, RecurrentCell } from "./recurrent_cell";
import { checkWidth } from "../sizes";
import { projectInputs } from "./project_inputs";
import { unstackSteps } from "../unstack_steps";

/** Everything that defines an {@link LSTMCell}. */
export interface LSTMConfig extends CellConfig {
  /**
   * Initial forget-gate bias b_f. Default 1: f_t starts near σ(1) ≈ 0.73, so the cell begins by
   * keeping its memory (Keras' `unitForgetBias`; Jozefowicz et al. 2015). 0 starts at f ≈ 0.5.
   */
  forgetBias?: number;
}

/** An LSTM's state: the hidden state h_t and the cell state c_t, each [batch, hidden]. */
export type LSTMState = [h: tf.Tensor2D, c: tf.Tensor2D];

/**
 * The long short-term memory cell of the seed, written from its equations:
 *
 *   f_t = σ(W_f x_t + U_f h_{t-1} + b_f)          forget gate
 *   i_t = σ(W_i x_t + U_i h_{t-1} + b_i)          input gate
 *   c̃_t = tanh(W_c x_t + U_c h_{t-1} + b_c)       candidate cell state
 *   c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t               cell state update
 *   o_t = σ(W_o x_t + U_o h_{t-1} + b_o)          output gate
 *   h_t = o_t ⊙ tanh(c_t)                         hidden state
 *
 * The four gates' weights are stored side by side (fused), in the gate order i, f, c, o — the
 * order of `tf.layers.lstm` and of PyTorch's `nn.LSTM` — so one matmul computes all four:
 *   W = [W_i | W_f | W_c | W_o]   [input, 4·hidden]    (tfjs `kernel`)
 *   U = [U_i | U_f | U_c | U_o]   [hidden, 4·hidden]   (tfjs `recurrentKernel`)
 *   b = [b_i | b_f | b_c | b_o]   [4·hidden]           (tfjs `bias`)
 * Layout: the weights are stored the way tfjs stores them, for rows of examples (`x_t · W`), so
 * they copy to and from `tf.layers.lstm` as they are (the seed's W_f is the f block of W,
 * transposed). Inside the loop, though, the state is kept as columns, [hidden, batch], the way
 * the seed writes its equations (U_f h_{t-1}, with h_{t-1} a column): the four gates are then
 * blocks of rows, contiguous in memory, and splitting them is cheap on every backend, where
 * splitting blocks of columns makes the cpu backend copy element by element. `step` and `unroll`
 * take and return rows, [batch, …], like tfjs.
 * Initial weights: Glorot uniform from the kit's Random (the same on every backend), b = 0
 * except b_f = `forgetBias`. Introduced in 03-lstm.
 */
export class LSTMCell extends FusedGateCell<LSTMState> implements RecurrentCell<LSTMState> {
  constructor(config: LSTMConfig) {
    const { hiddenSize } = config;
    const forgetBias = config.forgetBias ?? 1;
    // b = [b_i | b_f | b_c | b_o]: zeros, but b_f = forgetBias
    super("LSTMCell", config, 4, () => {
      const zeros = tf.zeros<tf.Rank.R1>([hiddenSize]);
      return tf.concat([zeros, tf.fill<tf.Rank.R1>([hiddenSize], forgetBias), zeros, zeros]);
    });
  }

  /** The starting state (h_0, c_0) = (0, 0), each [batch, hidden]. */
  zeroState(batch: number): LSTMState {
    return [tf.zeros([batch, this.hiddenSize]), tf.zeros([batch, this.hiddenSize])];
  }

  /** One time step: x_t [batch, input] and (h_{t-1}, c_{t-1}) → (h_t, c_t), each [batch, hidden]. */
  step(x: tf.Tensor2D, [hPrev, cPrev]: LSTMState): LSTMState {
    checkWidth("LSTMCell.step", "x", x.shape, this.inputSize, "inputSize");
    return tf.tidy(() => {
      // W x_t + b for the four gates, one column per example   [4·hidden, batch]
      const xProj = x.matMul(this.W).add(this.b).transpose<tf.Tensor2D>();
      const [h, c] = this.next(xProj, [hPrev.transpose(), cPrev.transpose()], this.U.transpose());
      // [hidden, batch] → [batch, hidden]
      return [h.transpose(), c.transpose()] as LSTMState;
    });
  }

  /**
   * Runs the cell over every step of `xs` [batch, steps, input], from `initial` (default
   * zeros). Returns every hidden state h_t [batch, steps, hidden] and the last state (h, c).
   * The input projections of all steps are one matmul; only the recurrence loops.
   */
  unroll(xs: tf.Tensor3D, initial?: LSTMState): [hs: tf.Tensor3D, last: LSTMState] {
    const batch = xs.shape[0];
    const H = this.hiddenSize;
    return tf.tidy(() => {
      // W x_t + b for every t and all four gates, one matmul; then each step as columns   steps × [4·hidden, batch]
      const xProjs = unstackSteps<tf.Tensor2D>(projectInputs("LSTMCell", xs, this.W, this.b).transpose([0, 2, 1]));
      // the recurrent weights as the seed writes them: [U_i; U_f; U_c; U_o]   [4·hidden, hidden]
      const Ut = this.U.transpose<tf.Tensor2D>();
      // (h, c) as columns   [hidden, batch] each
      let state: LSTMState =
        initial === undefined ? [tf.zeros([H, batch]), tf.zeros([H, batch])] : [initial[0].transpose(), initial[1].transpose()];
      const hs: tf.Tensor2D[] = [];
      for (const xProj of xProjs) {
        state = this.next(xProj, state, Ut);
        hs.push(state[0]);
      }
      // [steps, hidden, batch] → [batch, steps, hidden]
      const hsAll = tf.stack(hs).transpose<tf.Tensor3D>([2, 0, 1]);
      return [hsAll, [state[0].transpose(), state[1].transpose()]] as [tf.Tensor3D, LSTMState];
    });
  }

  /**
   * The seed's equations on columns: W x_t + b [4·hidden, batch] (gate order i, f, c, o),
   * (h_{t-1}, c_{t-1}) [hidden, batch] each, and Uᵀ [4·hidden, hidden] → (h_t, c_t).
   */
  private next(xProj: tf.Tensor2D, [hPrev, cPrev]: LSTMState, Ut: tf.Tensor2D): LSTMState {
    return tf.tidy(() => {
      // W x_t + U h_{t-1} + b, all four gates in one matmul   [4·hidden, batch]
      const gates = Ut.matMul(hPrev).add<tf.Tensor2D>(xProj);
      // a_g = W_g x_t + U_g h_{t-1} + b_g for g = i, f, c, o   each [hidden, batch]
      const [aI, aF, aC, aO] = tf.split(gates, 4) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      // f_t = σ(W_f x_t + U_f h_{t-1} + b_f)          forget gate
      const f = tf.sigmoid(aF);
      // i_t = σ(W_i x_t + U_i h_{t-1} + b_i)          input gate
      const i = tf.sigmoid(aI);
      // c̃_t = tanh(W_c x_t + U_c h_{t-1} + b_c)       candidate cell state
      const cTilde = tf.tanh(aC);
      // c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t               cell state update
      const c = f.mul(cPrev).add<tf.Tensor2D>(i.mul(cTilde));
      // o_t = σ(W_o x_t + U_o h_{t-1} + b_o)          output gate
      const o = tf.sigmoid(aO);
      // h_t = o_t ⊙ tanh(c_t)                         hidden state
      const h = o.mul<tf.Tensor2D>(tf.tanh(c));
      return [h, c] as LSTMState;
    });
  }

  /** h_t: what the layer above reads (c_t stays inside the cell). */
  output([h]: LSTMState): tf.Tensor2D {
    return h;
  }

  /** [h_t, c_t]. */
  parts([h, c]: LSTMState): tf.Tensor2D[] {
    return [h, c];
  }

  /** (h_t, c_t) from [h_t, c_t]. */
  fromParts([h, c]: readonly tf.Tensor2D[]): LSTMState {
    if (h === undefined || c === undefined) throw new Error("LSTMCell.fromParts: needs [h, c]");
    return [h, c];
  }
}
