import * as tf from "@tensorflow/tfjs";
import { runTensorFlowOp } from "./tensorflow_ops";
import { unstackSteps } from "../unstack_steps";

/**
 * The kit's GRU (W [input, 3·hidden], U [hidden, 3·hidden], b [3·hidden], gate order z, r, h,
 * h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t) run by TensorFlow's fused kernels, GRUBlockCell and
 * GRUBlockCellGrad: one op per step forward, one per step backward, instead of a dozen each.
 *
 * GRUBlockCell computes the same model with its weights laid out for [x_t, h_{t-1}] side by side:
 *
 *   [r_t, u_t] = σ([x_t, h_{t-1}] w_ru + b_ru)          w_ru [input + hidden, 2·hidden]
 *   c_t = tanh([x_t, r_t ⊙ h_{t-1}] w_c + b_c)          w_c  [input + hidden, hidden]
 *   h_t = u_t ⊙ h_{t-1} + (1 − u_t) ⊙ c_t
 *
 * Its u_t is the share of the OLD state, 1 − z_t, so u's columns are the kit's z columns
 * negated (σ(−a) = 1 − σ(a)); the reset gate acts before the matmul in both.
 */
export interface BlockWeights {
  /** [W_r | −W_z] over [U_r | −U_z]: [input + hidden, 2·hidden]. */
  wRu: tf.Tensor2D;
  /** W_h over U_h: [input + hidden, hidden]. */
  wC: tf.Tensor2D;
  /** [b_r | −b_z]: [2·hidden]. */
  bRu: tf.Tensor1D;
  /** b_h: [hidden]. */
  bC: tf.Tensor1D;
}

/** The kit's W, U, b in GRUBlockCell's layout (recorded for gradients when called on the tape). */
export function toBlockWeights(W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor1D): BlockWeights {
  return tf.tidy(() => {
    const [wz, wr, wh] = tf.split(tf.concat([W, U], 0), 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [bz, br, bh] = tf.split(b, 3) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    return { wRu: tf.concat([wr, wz.neg()], 1), wC: wh, bRu: tf.concat([br, bz.neg()]), bC: bh };
  });
}

/**
 * ∂/∂W, ∂/∂U, ∂/∂b in the kit's layout (gate order z, r, h) from the stacked rows of every step:
 * the inputs x_t, the states h_{t-1}, the reset gates r_t, and GRUBlockCell's gradients of its
 * pre-activations d[r̄_t, ū_t] and dc̄_t. Since u = 1 − z, the kit's z pre-activation gets −dū:
 *
 *   ∂/∂W = Σ_t x_tᵀ [−dū_t | dr̄_t | dc̄_t]      ∂/∂b = Σ_t [−dū_t | dr̄_t | dc̄_t]
 *   ∂/∂U = Σ_t [h_{t-1}ᵀ [−dū_t | dr̄_t] | (r_t ⊙ h_{t-1})ᵀ dc̄_t]
 *
 * each sum over t one matmul of the stacked rows.
 */
export function kitWeightGradients(
  xsRows: tf.Tensor,
  hPrevRows: tf.Tensor,
  rRows: tf.Tensor,
  dRuRows: tf.Tensor,
  dCRows: tf.Tensor,
): tf.Tensor[] {
  const [dr, du] = tf.split(dRuRows, 2, 1);
  // [−dū | dr̄] and [−dū | dr̄ | dc̄]   [steps·batch, 2·hidden] and [steps·batch, 3·hidden]
  const dZr = tf.concat([du.neg(), dr], 1);
  const dAll = tf.concat([dZr, dCRows], 1);
  const dU = tf.concat([hPrevRows.matMul(dZr, true, false), hPrevRows.mul(rRows).matMul(dCRows, true, false)], 1);
  return [xsRows.matMul(dAll, true, false), dU, dAll.sum(0)];
}

/**
 * The rows of the block weights that multiply features `begin` to `begin + size` of
 * [x_t, h_{t-1}] (the biases unchanged). GRUBlockCellGrad given these rows and only those
 * features of its input (or none, `size` 0 of x) computes ∂/∂ those features and ∂/∂h_{t-1}
 * exactly as with all of them: each is its own dot product over the gate columns.
 */
export function blockWeightRows(w: BlockWeights, begin: number, size: number): BlockWeights {
  return {
    wRu: w.wRu.slice([begin, 0], [size, w.wRu.shape[1]]),
    wC: w.wC.slice([begin, 0], [size, w.wC.shape[1]]),
    bRu: w.bRu,
    bC: w.bC,
  };
}

/**
 * ∂/∂ features `begin` to `begin + size` of the inputs x_t, for every step at once, from the
 * stacked rows of GRUBlockCellGrad's d[r̄_t, ū_t] [steps·batch, 2·hidden] and dc̄_t
 * [steps·batch, hidden]: dc̄ w_cᵀ + d[r̄, ū] w_ruᵀ over those rows of the weights, two products
 * over all steps where GRUBlockCellGrad takes two per step, and the same numbers bit for bit
 * (each output is the same dot product, summed in the same order). [steps·batch, size]
 */
export function inputGradientRows(w: BlockWeights, begin: number, size: number, dRuRows: tf.Tensor, dCRows: tf.Tensor): tf.Tensor2D {
  const rows = blockWeightRows(w, begin, size);
  return dCRows.matMul(rows.wC, false, true).add<tf.Tensor2D>(dRuRows.matMul(rows.wRu, false, true));
}

/** The GRUBlockCell inputs of one step, in the op's order. */
export function cellInputs(x: tf.Tensor, hPrev: tf.Tensor, w: BlockWeights): tf.Tensor[] {
  return [x, hPrev, w.wRu, w.wC, w.bRu, w.bC];
}

/**
 * Every hidden state of the kit's GRU over xs [batch, steps, input] from h0 [batch, hidden]:
 * [batch, steps, hidden]. Forward: one GRUBlockCell per step. Backward: one GRUBlockCellGrad per
 * step for the gradient of the state, given only the weights' rows that multiply h_{t-1} (so it
 * skips the inputs' share of its products); then the inputs' gradients of all steps
 * ({@link inputGradientRows}) and the weights' (Σ_t [x_t, h_{t-1}]ᵀ d[r̄_t, ū_t] and so on) as a
 * few products of the stacked steps. The same numbers as GRUBlockCellGrad on all rows, bit for
 * bit. Only on the `tensorflow` backend.
 */
export const gruBlockUnroll = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [xs, h0, W, U, b] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[5] as tf.GradSaveFunc;
  const [batch, steps, inputSize] = xs.shape;
  const hiddenSize = h0.shape[1];
  const value = tf.tidy(() => {
    const w = toBlockWeights(W, U, b);
    // steps × [batch, input]
    const inputs = unstackSteps(xs, 1);
    // h_{t-1} for each step, then h_t   (steps + 1) × [batch, hidden]
    const states: tf.Tensor[] = [h0];
    const gates: tf.Tensor[] = [];
    for (const x of inputs) {
      // r_t, u_t, c_t, h_t   each [batch, hidden]
      const [r, u, c, h] = runTensorFlowOp("GRUBlockCell", cellInputs(x, states[states.length - 1], w), 4);
      gates.push(r, u, c);
      states.push(h);
    }
    save([w.wRu, w.wC, w.bRu, w.bC, ...inputs, ...states, ...gates]);
    // [batch, steps, hidden]
    return tf.stack(states.slice(1), 1) as tf.Tensor3D;
  });
  const gradFunc = (dhs: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
    const [wRu, wC, bRu, bC] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    const w = { wRu, wC, bRu, bC };
    // the rows that multiply h_{t-1}, and no input features
    const recurrent = blockWeightRows(w, inputSize, hiddenSize);
    const noInput = tf.zeros([batch, 0]);
    const inputs = saved.slice(4, 4 + steps);
    const states = saved.slice(4 + steps, 5 + 2 * steps);
    const gates = saved.slice(5 + 2 * steps);
    // ∂loss/∂h_t from above   steps × [batch, hidden]
    const fromAbove = unstackSteps(dhs, 1);
    const dRu: tf.Tensor[] = new Array<tf.Tensor>(steps);
    const dC: tf.Tensor[] = new Array<tf.Tensor>(steps);
    // ∂loss/∂h_t through h_{t+1}: nothing after the last step
    let dhLater: tf.Tensor | undefined;
    for (let t = steps - 1; t >= 0; t--) {
      const dh = dhLater === undefined ? fromAbove[t] : fromAbove[t].add(dhLater);
      const [r, u, c] = gates.slice(3 * t, 3 * t + 3);
      // ∂/∂h_{t-1}, ∂/∂c̄_t, ∂/∂[r̄_t, ū_t]
      const [, dhPrev, dcBar, druBar] = runTensorFlowOp("GRUBlockCellGrad", [...cellInputs(noInput, states[t], recurrent), r, u, c, dh], 4);
      dC[t] = dcBar;
      dRu[t] = druBar;
      dhLater = dhPrev;
    }
    // every step's rows stacked, time-major   [steps·batch, …]
    const xsRows = tf.concat(inputs, 0);
    const hPrevRows = tf.concat(states.slice(0, steps), 0);
    const rRows = tf.concat(
      gates.filter((_, i) => i % 3 === 0),
      0,
    );
    const dRuRows = tf.concat(dRu, 0);
    const dCRows = tf.concat(dC, 0);
    // ∂/∂x_t of every step, back to [batch, steps, input]
    const dInputs = inputGradientRows(w, 0, inputSize, dRuRows, dCRows).reshape([steps, batch, inputSize]).transpose([1, 0, 2]);
    const dWeights = kitWeightGradients(xsRows, hPrevRows, rRows, dRuRows, dCRows);
    // [batch, steps, input], ∂/∂h_0, ∂/∂W, ∂/∂U, ∂/∂b
    return [dInputs, dhLater ?? tf.zerosLike(h0), ...dWeights];
  };
  return { value, gradFunc };
});

/**
 * One step of the kit's GRU on GRUBlockCell-layout weights: x_t [batch, input], h_{t-1}
 * [batch, hidden] → h_t. Backward: GRUBlockCellGrad, then this step's weight gradients.
 */
const gruBlockStep = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const inputs = args.slice(0, 6) as tf.Tensor[];
  const save = args[6] as tf.GradSaveFunc;
  const [r, u, c, h] = runTensorFlowOp("GRUBlockCell", inputs, 4);
  save([...inputs, r, u, c]);
  tf.dispose([r, u, c]);
  const gradFunc = (dh: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
    const [x, hPrev, , , , , rSaved] = saved;
    const [dx, dhPrev, dcBar, druBar] = runTensorFlowOp("GRUBlockCellGrad", [...saved, dh], 4);
    // ∂/∂w_ru = [x_t, h_{t-1}]ᵀ d[r̄_t, ū_t];   ∂/∂w_c = [x_t, r_t ⊙ h_{t-1}]ᵀ dc̄_t
    const dwRu = tf.concat([x, hPrev], 1).matMul(druBar, true, false);
    const dwC = tf.concat([x, hPrev.mul(rSaved)], 1).matMul(dcBar, true, false);
    return [dx, dhPrev, dwRu, dwC, druBar.sum(0), dcBar.sum(0)];
  };
  return { value: h as tf.Tensor2D, gradFunc };
});

/**
 * A step function of the kit's GRU for one sequence: W, U, b are put in GRUBlockCell's layout
 * once (on the tape, so gradients reach them), then each call is one GRUBlockCell. Call it, and
 * the step function, inside the `tf.tidy` that runs the sequence. Only on the `tensorflow` backend.
 */
export function gruBlockStepper(W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor1D): (x: tf.Tensor2D, hPrev: tf.Tensor2D) => tf.Tensor2D {
  const w = toBlockWeights(W, U, b);
  return (x, hPrev) => gruBlockStep(...cellInputs(x, hPrev, w));
}
