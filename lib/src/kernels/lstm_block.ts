import * as tf from "@tensorflow/tfjs";
import type { LSTMState } from "../cells/lstm";
import { runTensorFlowOp } from "./tensorflow_ops";

/**
 * The kit's LSTM (W [input, 4·hidden], U [hidden, 4·hidden], b [4·hidden], gate order i, f, c, o)
 * run by TensorFlow's fused kernels, LSTMBlockCell and LSTMBlockCellGrad: one op per step each
 * way instead of a dozen. LSTMBlockCell computes the same model,
 *
 *   [ī, c̄, f̄, ō] = [x_t, h_{t-1}] w + b                  w [input + hidden, 4·hidden], gate order i, c, f, o
 *   c_t = σ(f̄ + forget_bias) ⊙ c_{t-1} + σ(ī) ⊙ tanh(c̄)   h_t = σ(ō) ⊙ tanh(c_t)
 *
 * with the kit's weights stacked ([W; U]) and its f and c columns swapped; forget_bias is 0 (the
 * kit's b_f holds it), no peepholes, no cell clipping (cell_clip ≤ 0).
 */
const LSTM_ATTRS = { forget_bias: 0, cell_clip: -1, use_peephole: false };

/** The kit's W, U, b in LSTMBlockCell's layout (recorded for gradients when called on the tape). */
function toBlockWeights(W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor1D): [w: tf.Tensor2D, b: tf.Tensor1D] {
  return tf.tidy(() => {
    const [wi, wf, wc, wo] = tf.split<tf.Tensor2D>(tf.concat([W, U], 0), 4, 1);
    const [bi, bf, bc, bo] = tf.split<tf.Tensor1D>(b, 4);
    return [tf.concat([wi, wc, wf, wo], 1), tf.concat([bi, bc, bf, bo])];
  });
}

/**
 * One step on LSTMBlockCell-layout weights: x_t [batch, input], h_{t-1}, c_{t-1} [batch, hidden]
 * → [h_t, c_t] side by side [batch, 2·hidden] (`tf.customGrad` gives one output). Backward:
 * LSTMBlockCellGrad for the gate gradients, then this step's input, state and weight gradients.
 */
const lstmBlockStep = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, hPrev, cPrev, w, b] = args as tf.Tensor[];
  const save = args[5] as tf.GradSaveFunc;
  const [inputSize, hiddenSize] = [x.shape[1] ?? 0, hPrev.shape[1] ?? 0];
  // the peephole weights w_ci, w_cf, w_co, unused without peepholes but inputs of the op
  const noPeephole = () => tf.zeros([hiddenSize]);
  const value = tf.tidy(() => {
    const unused = noPeephole();
    // i, cs (c_t), f, o, ci (tanh c̄), co (tanh c_t), h
    const gates = runTensorFlowOp("LSTMBlockCell", [x, cPrev, hPrev, w, unused, unused, unused, b], 7, LSTM_ATTRS);
    save([x, hPrev, cPrev, w, b, ...gates.slice(0, 6)]);
    const [, cs, , , , , h] = gates;
    return tf.concat([h, cs], 1) as tf.Tensor2D;
  });
  const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
    const [xS, hPrevS, cPrevS, wS, bS, ...gates] = saved;
    const [dh, dc] = tf.split(dy, 2, 1);
    const unused = noPeephole();
    // ∂/∂c_{t-1}, ∂/∂[ī, c̄, f̄, ō] (then the peephole gradients, unused)
    const [dcPrev, dGates] = runTensorFlowOp(
      "LSTMBlockCellGrad",
      [xS, cPrevS, hPrevS, wS, unused, unused, unused, bS, ...gates, dc, dh],
      5,
      { use_peephole: false },
    );
    // ∂/∂[x_t, h_{t-1}] = d[ī, c̄, f̄, ō] wᵀ;   ∂/∂w = [x_t, h_{t-1}]ᵀ d[ī, c̄, f̄, ō]
    const [dx, dhPrev] = tf.split(dGates.matMul(wS, false, true), [inputSize, hiddenSize], 1);
    const dw = tf.concat([xS, hPrevS], 1).matMul(dGates, true, false);
    return [dx, dhPrev, dcPrev, dw, dGates.sum(0)];
  };
  return { value, gradFunc };
});

/**
 * A step function of the kit's LSTM for one sequence: W, U, b are put in LSTMBlockCell's layout
 * once (on the tape, so gradients reach them), then each call is one LSTMBlockCell. Call it, and
 * the step function, inside the `tf.tidy` that runs the sequence. Only on the `tensorflow` backend.
 */
export function lstmBlockStepper(W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor1D): (x: tf.Tensor2D, state: LSTMState) => LSTMState {
  const [w, bias] = toBlockWeights(W, U, b);
  return (x, [hPrev, cPrev]) => {
    const [h, c] = tf.split(lstmBlockStep(x, hPrev, cPrev, w, bias), 2, 1) as LSTMState;
    return [h, c];
  };
}
