import * as tf from "@tensorflow/tfjs";
import type { MultiHeadAttention } from "../../lib/src/transformer/multi_head_attention";

/** The parameters of a PyTorch `nn.MultiheadAttention`, in PyTorch's layout (rows are output features). */
export interface PyTorchAttention {
  /** [3·d_model, d_model] */
  inProjWeight: tf.Tensor;
  /** [3·d_model] */
  inProjBias: tf.Tensor;
  /** [d_model, d_model] */
  outProjWeight: tf.Tensor;
  /** [d_model] */
  outProjBias: tf.Tensor;
}

/**
 * Copies PyTorch's weights into a MultiHeadAttention through the layout its doc comment gives:
 * in_proj_weight = [W_qᵀ; W_kᵀ; W_vᵀ], in_proj_bias = [b_q; b_k; b_v], out_proj = (W_oᵀ, b_o).
 */
export function copyPyTorchAttention(attention: MultiHeadAttention, p: PyTorchAttention): void {
  const [Wq, Wk, Wv] = tf.split(p.inProjWeight, 3, 0).map((w) => w.transpose<tf.Tensor2D>());
  const [bq, bk, bv] = tf.split<tf.Tensor1D>(p.inProjBias, 3);
  attention.Wq.assign(Wq);
  attention.Wk.assign(Wk);
  attention.Wv.assign(Wv);
  attention.bq.assign(bq);
  attention.bk.assign(bk);
  attention.bv.assign(bv);
  attention.Wo.assign(p.outProjWeight.transpose<tf.Tensor2D>());
  attention.bo.assign(p.outProjBias as tf.Tensor1D);
}
