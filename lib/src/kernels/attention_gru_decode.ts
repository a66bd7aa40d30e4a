import * as tf from "@tensorflow/tfjs";
import { blockWeightRows, cellInputs, inputGradientRows, kitWeightGradients, toBlockWeights, type BlockWeights } from "./gru_block";
import { runTensorFlowOp } from "./tensorflow_ops";
import { unstackSteps } from "../unstack_steps";

/** The tensors of {@link additiveAttentionGruDecode}: the sequence, the encoder's side and the weights. */
export interface AttentionGruInputs {
  /** embed(y_{t-1}) for every step: [batch, steps, embedding]. */
  embedded: tf.Tensor3D;
  /** s_0, the decoder's first state: [batch, hidden]. */
  s0: tf.Tensor2D;
  /** The encoder's states h_i, the attention's values: [batch, srcSteps, context]. */
  values: tf.Tensor3D;
  /** W_h h_i + b for every i (AdditiveAttention.projectKeys): [batch, srcSteps, attention]. */
  keys: tf.Tensor3D;
  /** The attention's W_s [hidden, attention] and v [attention, 1]. */
  Ws: tf.Tensor2D;
  v: tf.Tensor2D;
  /** The GRU's W [embedding + context, 3·hidden], U [hidden, 3·hidden], b [3·hidden], in the kit's layout. */
  W: tf.Tensor2D;
  U: tf.Tensor2D;
  b: tf.Tensor1D;
}

/** How {@link additiveAttentionGruDecode} runs: what is added to the scores, and what it returns. */
export interface AttentionGruOptions {
  /** Added to the scores e before the softmax, −10⁹ on padding (`maskPenalty`): [batch, srcSteps]. Absent: no padding. */
  penalty?: tf.Tensor2D | undefined;
  /** Return [s_t; c_t] at every step instead of s_t alone. */
  withContexts: boolean;
}

/** What the forward pass keeps of one step for the backward pass. */
interface SavedStep {
  /** [embed(y_{t-1}); c_t], the GRU's input   [batch, embedding + context] */
  x: tf.Tensor;
  /** c_t, the context   [batch, context] */
  c: tf.Tensor;
  /** s_{t-1}   [batch, hidden] */
  sPrev: tf.Tensor;
  /** tanh(W_h h_i + b + W_s s_{t-1})   [batch, srcSteps, attention] */
  energy: tf.Tensor;
  /** α_t   [batch, srcSteps] */
  alpha: tf.Tensor;
  /** GRUBlockCell's r_t, u_t, c̃_t   [batch, hidden] each */
  gates: tf.Tensor[];
}

/**
 * The training pass of 06-attention's decoder in its most common form, one GRU layer with
 * additive attention queried by s_{t-1}, as one tape entry with a hand-written backward pass:
 *
 *   e_t = vᵀ tanh(keys + W_s s_{t-1})    α_t = softmax(e_t + penalty)    c_t = Σ_i α_{t,i} h_i
 *   s_t = GRU([embed(y_{t-1}); c_t], s_{t-1})                            (GRUBlockCell)
 *
 * Returns s_t, or [s_t; c_t], for every step: [batch, steps, hidden (+ context)]. The forward pass
 * runs the same ops as `AttentionDecoder.forward` with `AdditiveAttention` and a `FusedGRUCell`, so
 * its values are the same. The backward pass runs, per step, GRUBlockCellGrad (given only the
 * weights' rows for c_t and s_{t-1}: the embeddings' gradients need no step-by-step order, and
 * come at the end from two products over all steps, bit for bit the same) and the attention's
 * gradient,
 *
 *   ∂α = ∂c · hᵀ      ∂e = α ⊙ (∂α − Σ_i α_i ∂α_i)      ∂pre = TanhGrad(energy, ∂e · vᵀ)
 *   ∂s_{t-1} = GRU's ∂s_{t-1} + (Σ_i ∂pre_i) W_sᵀ
 *
 * and leaves every weight's sum over the steps to the end, one matmul of the stacked steps each
 * (∂W_s = Σ_t s_{t-1}ᵀ Σ_i ∂pre_{t,i}, ∂v, ∂h through α, the GRU's ∂W, ∂U, ∂b). Recorded for
 * autodiff op by op, the same pass records a tape entry per op and sums each weight's gradient
 * step by step; for the decoder of `npm run bench`'s seq2seq-attn-step (4 steps) this pass runs
 * 190 TensorFlow ops forward and backward against 241, and the training step takes about a fifth
 * less time. Equal to the op-by-op decoder to 1e-5, forward and gradients
 * (test/kernels/attention_gru_decode.test.ts). Only on the `tensorflow` backend.
 */
export function additiveAttentionGruDecode(inputs: AttentionGruInputs, options: AttentionGruOptions): tf.Tensor3D {
  const { penalty, withContexts } = options;
  const decode = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [embedded, s0, values, keys, Ws, v, W, U, b] = args as [
      tf.Tensor3D,
      tf.Tensor2D,
      tf.Tensor3D,
      tf.Tensor3D,
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor1D,
    ];
    const save = args[9] as tf.GradSaveFunc;
    const [batch, srcSteps, contextSize] = values.shape;
    const attentionSize = keys.shape[2];
    const [, steps, embeddingSize] = embedded.shape;
    const hiddenSize = s0.shape[1];
    const w = toBlockWeights(W, U, b);
    const saved: SavedStep[] = [];
    const outputs: tf.Tensor[] = [];
    let s: tf.Tensor = s0;
    for (const e of unstackSteps(embedded, 1)) {
      // W_s s_{t-1}, the same for every i   [batch, 1, attention]
      const q = s.matMul(Ws).reshape([batch, 1, attentionSize]);
      // tanh(W_h h_i + b + W_s s_{t-1})   [batch, srcSteps, attention]
      const energy = tf.tanh(keys.add(q));
      // e_{t,i} = vᵀ tanh(…)   [batch, srcSteps]
      const scores = energy
        .reshape([batch * srcSteps, attentionSize])
        .matMul(v)
        .reshape([batch, srcSteps]);
      // α_t   [batch, srcSteps]
      const alpha = tf.softmax(penalty === undefined ? scores : scores.add(penalty));
      // c_t = Σ_i α_{t,i} h_i   [batch, context]
      const c = alpha.reshape([batch, 1, srcSteps]).matMul(values).reshape([batch, contextSize]);
      const x = tf.concat([e, c], 1);
      // r_t, u_t, c̃_t, s_t   [batch, hidden] each
      const [r, u, cTilde, sNext] = runTensorFlowOp("GRUBlockCell", cellInputs(x, s, w), 4);
      saved.push({ x, c, sPrev: s, energy, alpha, gates: [r, u, cTilde] });
      outputs.push(withContexts ? tf.concat([sNext, c], 1) : sNext);
      s = sNext;
    }
    save([
      w.wRu,
      w.wC,
      w.bRu,
      w.bC,
      values,
      Ws,
      v,
      ...saved.flatMap((step) => [step.x, step.c, step.sPrev, step.energy, step.alpha, ...step.gates]),
    ]);
    // [batch, steps, hidden (+ context)]
    const value = tf.stack(outputs, 1) as tf.Tensor3D;

    const gradFunc = (dy: tf.Tensor3D, kept: tf.Tensor[]): tf.Tensor[] => {
      const [wRu, wC, bRu, bC, valuesKept, WsKept, vKept] = kept as [
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor1D,
        tf.Tensor1D,
        tf.Tensor3D,
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      const blockWeights: BlockWeights = { wRu, wC, bRu, bC };
      // the rows that multiply c_t and s_{t-1}: the embeddings' gradients wait for the end
      const contextAndState = blockWeightRows(blockWeights, embeddingSize, contextSize + hiddenSize);
      const stepsKept: SavedStep[] = Array.from({ length: steps }, (_, t) => {
        const [x, c, sPrev, energy, alpha, r, u, cTilde] = kept.slice(7 + 8 * t, 15 + 8 * t);
        return { x, c, sPrev, energy, alpha, gates: [r, u, cTilde] };
      });
      // ∂loss/∂s_t and ∂loss/∂c_t from above   steps × [batch, hidden] and [batch, context]
      const [dStatesAbove, dContextsAbove] = withContexts ? tf.split(dy, [hiddenSize, contextSize], 2) : [dy, undefined];
      const dsAbove = unstackSteps(dStatesAbove, 1);
      const dcAbove = dContextsAbove === undefined ? undefined : unstackSteps(dContextsAbove, 1);
      const dContexts = new Array<tf.Tensor>(steps);
      const dScores = new Array<tf.Tensor>(steps);
      const dQueries = new Array<tf.Tensor>(steps);
      const dRu = new Array<tf.Tensor>(steps);
      const dC = new Array<tf.Tensor>(steps);
      let dKeys: tf.Tensor | undefined;
      // ∂loss/∂s_t through step t + 1: nothing after the last step
      let dsLater: tf.Tensor | undefined;
      for (let t = steps - 1; t >= 0; t--) {
        const { c, sPrev, energy, alpha, gates } = stepsKept[t];
        const ds = dsLater === undefined ? dsAbove[t] : dsAbove[t].add(dsLater);
        // ∂/∂c_t and ∂/∂s_{t-1} inside the GRU, ∂/∂c̄_t, ∂/∂[r̄_t, ū_t]
        const [dcInput, dsPrevGru, dcBar, druBar] = runTensorFlowOp(
          "GRUBlockCellGrad",
          [...cellInputs(c, sPrev, contextAndState), ...gates, ds],
          4,
        );
        dRu[t] = druBar;
        dC[t] = dcBar;
        // ∂c_t   [batch, context]
        const dc = dcAbove === undefined ? dcInput : dcInput.add(dcAbove[t]);
        dContexts[t] = dc;
        // ∂α_t = ∂c_t hᵀ   [batch, 1, context] @ [batch, context, srcSteps] → [batch, srcSteps]
        const dAlpha = dc.reshape([batch, 1, contextSize]).matMul(valuesKept, false, true).reshape([batch, srcSteps]);
        // the softmax's: ∂e = α ⊙ (∂α − Σ_i α_i ∂α_i)   [batch, srcSteps]
        const dScore = alpha.mul(dAlpha.sub(alpha.mul(dAlpha).sum(1, true)));
        dScores[t] = dScore;
        // ∂/∂(keys + W_s s_{t-1}) = (∂e vᵀ) ⊙ (1 − energy²)   [batch, srcSteps, attention]
        const dEnergy = dScore
          .reshape([batch * srcSteps, 1])
          .matMul(vKept, false, true)
          .reshape([batch, srcSteps, attentionSize]);
        const dPre = runTensorFlowOp("TanhGrad", [energy, dEnergy], 1)[0];
        dKeys = dKeys === undefined ? dPre : dKeys.add(dPre);
        // ∂(W_s s_{t-1}) = Σ_i ∂pre_i   [batch, attention]
        const dq = dPre.sum(1);
        dQueries[t] = dq;
        dsLater = dsPrevGru.add(dq.matMul(WsKept, false, true));
      }
      // every step's rows stacked, time-major   [steps·batch, …]
      const rows = (tensors: tf.Tensor[]) => tf.concat(tensors, 0);
      const sPrevRows = rows(stepsKept.map((step) => step.sPrev));
      const dWs = sPrevRows.matMul(rows(dQueries), true, false);
      // ∂v = Σ_{t,b,i} energy_{t,b,i}ᵀ ∂e_{t,b,i}   [attention, 1]
      const energyRows = rows(stepsKept.map((step) => step.energy.reshape([batch * srcSteps, attentionSize])));
      const dv = energyRows.matMul(rows(dScores).reshape([steps * batch * srcSteps, 1]), true, false);
      // ∂h through the contexts: Σ_t α_tᵀ ∂c_t, per example   [batch, srcSteps, steps] @ [batch, steps, context]
      const dValues = tf
        .stack(
          stepsKept.map((step) => step.alpha),
          1,
        )
        .matMul(tf.stack(dContexts, 1), true, false);
      const dRuRows = rows(dRu);
      const dCRows = rows(dC);
      // ∂embed(y_{t-1}) of every step, back to [batch, steps, embedding]
      const dEmbedded = inputGradientRows(blockWeights, 0, embeddingSize, dRuRows, dCRows)
        .reshape([steps, batch, embeddingSize])
        .transpose([1, 0, 2]);
      const gruGradients = kitWeightGradients(
        rows(stepsKept.map((step) => step.x)),
        sPrevRows,
        rows(stepsKept.map((step) => step.gates[0])),
        dRuRows,
        dCRows,
      );
      // ∂embedded, ∂s_0, ∂values, ∂keys, ∂W_s, ∂v, ∂W, ∂U, ∂b
      return [dEmbedded, dsLater ?? tf.zerosLike(s0), dValues, dKeys ?? tf.zerosLike(keys), dWs, dv, ...gruGradients];
    };
    return { value, gradFunc };
  });
  const { embedded, s0, values, keys, Ws, v, W, U, b } = inputs;
  return decode(embedded, s0, values, keys, Ws, v, W, U, b);
}
