import * as tf from "@tensorflow/tfjs";
import { FusedGateCell } from "./fused_gate_cell";
import { HIDDEN_ONLY_STATE, type CellConfig, type RecurrentCell } from "./recurrent_cell";
import { checkWidth } from "../sizes";
import { projectInputs } from "./project_inputs";
import { unstackSteps } from "../unstack_steps";

/** Everything that defines a {@link GRUCell}: its sizes and where its weights come from. */
export type GRUConfig = CellConfig;

/**
 * The gated recurrent unit of the seed, written from its equations:
 *
 *   z_t = σ(W_z x_t + U_z h_{t-1} + b_z)                 update gate
 *   r_t = σ(W_r x_t + U_r h_{t-1} + b_r)                 reset gate
 *   h̃_t = tanh(W_h x_t + U_h (r_t ⊙ h_{t-1}) + b_h)      candidate hidden state
 *   h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t               final hidden state
 *
 * Blend direction: this code follows the seed (and Wikipedia): z_t is the share of the NEW
 * candidate h̃_t. `tf.layers.gru` (like Keras, PyTorch and d2l) blends the other way,
 * h_t = z'_t ⊙ h_{t-1} + (1 − z'_t) ⊙ h̃_t, where z'_t is the share of the OLD state. They are the
 * same model: since σ(−a) = 1 − σ(a), negating the update gate's weights and bias (W_z = −W'_z,
 * U_z = −U'_z, b_z = −b'_z) gives z_t = 1 − z'_t exactly, and the two blends agree.
 * test/cells/gru.test.ts checks this, forward and gradients.
 *
 * The reset gate acts before U_h (r_t ⊙ h_{t-1}, then the matmul), as in the seed and in
 * `tf.layers.gru` (tfjs has no `resetAfter`; PyTorch's `nn.GRU` resets after U_h instead).
 *
 * The three gates' weights are stored side by side (fused) in the gate order z, r, h, the order
 * of `tf.layers.gru`:
 *   W = [W_z | W_r | W_h]   [input, 3·hidden]    (tfjs `kernel`, with the W_z block negated)
 *   U = [U_z | U_r | U_h]   [hidden, 3·hidden]   (tfjs `recurrentKernel`, U_z negated)
 *   b = [b_z | b_r | b_h]   [3·hidden]           (tfjs `bias`, b_z negated)
 * Layout: the weights are stored the way tfjs stores them, for rows of examples (`x_t · W`), so
 * they copy to and from `tf.layers.gru` as they are (the seed's W_z is the z block of W,
 * transposed). Inside the loop, though, each state is kept as columns, [hidden, batch], the way
 * the seed writes its equations (U_z h_{t-1}, with h_{t-1} a column): the gates are then blocks of
 * rows, contiguous in memory, and splitting them is cheap on every backend, where splitting
 * blocks of columns makes the cpu backend copy element by element (≈2–3× slower training,
 * measured). `step` and `unroll` take and return rows, [batch, …], like tfjs.
 * Initial weights: Glorot uniform from the kit's Random (the same on every backend), b = 0.
 * Introduced in 04-gru.
 */
export class GRUCell extends FusedGateCell<tf.Tensor2D> implements RecurrentCell<tf.Tensor2D> {
  constructor(config: GRUConfig) {
    super("GRUCell", config, 3);
  }

  /** The starting state h_0 = 0: [batch, hidden]. */
  zeroState(batch: number): tf.Tensor2D {
    return tf.zeros([batch, this.hiddenSize]);
  }

  /** One time step: x_t [batch, input] and h_{t-1} [batch, hidden] → h_t [batch, hidden]. */
  step(x: tf.Tensor2D, hPrev: tf.Tensor2D): tf.Tensor2D {
    checkWidth("GRUCell.step", "x", x.shape, this.inputSize, "inputSize");
    return tf.tidy(() => {
      // W x_t + b for the three gates, one column per example   [3·hidden, batch]
      const xProj = x.matMul(this.W).add(this.b).transpose<tf.Tensor2D>();
      const [Uzr, Uh] = this.recurrentBlocks();
      // [hidden, batch] → [batch, hidden]
      return this.next(xProj, hPrev.transpose(), Uzr, Uh).transpose();
    });
  }

  /**
   * Runs the cell over every step of `xs` [batch, steps, input], from `h0` (default zeros).
   * Returns every hidden state [batch, steps, hidden] and the last one [batch, hidden].
   * The input projections of all steps are one matmul; only the recurrence loops.
   */
  unroll(xs: tf.Tensor3D, h0?: tf.Tensor2D): [hs: tf.Tensor3D, hLast: tf.Tensor2D] {
    const batch = xs.shape[0];
    const H = this.hiddenSize;
    return tf.tidy(() => {
      // W x_t + b for every t and all three gates, one matmul; then each step as columns   steps × [3·hidden, batch]
      const xProjs = unstackSteps<tf.Tensor2D>(projectInputs("GRUCell", xs, this.W, this.b).transpose([0, 2, 1]));
      const [Uzr, Uh] = this.recurrentBlocks();
      // [hidden, batch]
      let h: tf.Tensor2D = h0 === undefined ? tf.zeros([H, batch]) : h0.transpose();
      const hs: tf.Tensor2D[] = [];
      for (const xProj of xProjs) {
        h = this.next(xProj, h, Uzr, Uh);
        hs.push(h);
      }
      // [steps, hidden, batch] → [batch, steps, hidden]
      return [tf.stack(hs).transpose<tf.Tensor3D>([2, 0, 1]), h.transpose()];
    });
  }

  /**
   * The recurrent weights as the seed writes them (Uᵀ), split where the reset gate comes in
   * between: [U_z; U_r] [2·hidden, hidden] and U_h [hidden, hidden].
   */
  private recurrentBlocks(): [Uzr: tf.Tensor2D, Uh: tf.Tensor2D] {
    const H = this.hiddenSize;
    return tf.split(this.U.transpose(), [2 * H, H]) as [tf.Tensor2D, tf.Tensor2D];
  }

  /**
   * The seed's equations on columns: W x_t + b [3·hidden, batch] (gate order z, r, h) and
   * h_{t-1} [hidden, batch] → h_t [hidden, batch].
   */
  private next(xProj: tf.Tensor2D, hPrev: tf.Tensor2D, Uzr: tf.Tensor2D, Uh: tf.Tensor2D): tf.Tensor2D {
    const H = this.hiddenSize;
    return tf.tidy(() => {
      // xzr = [W_z x_t + b_z; W_r x_t + b_r]   [2·hidden, batch];   xh = W_h x_t + b_h   [hidden, batch]
      const [xzr, xh] = tf.split(xProj, [2 * H, H]) as [tf.Tensor2D, tf.Tensor2D];
      // z_t = σ(W_z x_t + U_z h_{t-1} + b_z)              update gate
      // r_t = σ(W_r x_t + U_r h_{t-1} + b_r)              reset gate      (one σ for both, then split)
      const [z, r] = tf.split(tf.sigmoid(Uzr.matMul(hPrev).add(xzr)), 2) as [tf.Tensor2D, tf.Tensor2D];
      // h̃_t = tanh(W_h x_t + U_h (r_t ⊙ h_{t-1}) + b_h)   candidate hidden state
      const hTilde = tf.tanh(Uh.matMul(r.mul(hPrev)).add(xh));
      // h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t            final hidden state
      return tf.sub(1, z).mul(hPrev).add<tf.Tensor2D>(z.mul(hTilde));
    });
  }

  /** h_t itself: the state is the output. */
  readonly output = HIDDEN_ONLY_STATE.output;
  /** [h_t]. */
  readonly parts = HIDDEN_ONLY_STATE.parts;
  /** h_t from [h_t]. */
  readonly fromParts = HIDDEN_ONLY_STATE.fromParts;
}
