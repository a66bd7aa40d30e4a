import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { randomFrom, type Seeded } from "../random";
import { maskedSoftmax } from "../seq2seq/attention";
import { checkSizes, checkWidth } from "../sizes";

/** Everything that defines a {@link MultiHeadAttention}. */
export interface MultiHeadAttentionConfig extends Seeded {
  /** d_model: the size of every input vector and of every output vector. Required. */
  modelSize: number;
  /** h, the number of heads; `modelSize` must be a multiple of it, each head working on d_k = d_model / h features. Required. */
  heads: number;
}

/** Which key positions a query may attend to, for {@link MultiHeadAttention.apply}. */
export interface AttentionMasks {
  /** 1 for a position to attend to, 0 for padding, which then gets weight exactly 0, in a [batch, keySteps] tensor. Default: none. */
  keyMask?: tf.Tensor2D | undefined;
  /** Whether query position t may only attend to key positions ≤ t (a decoder's self-attention, so no step sees the future). Default false. */
  causal?: boolean;
}

/**
 * Multi-head attention, the Transformer's (Vaswani et al. 2017, §3.2): scaled dot-product
 * attention of 06-attention, run h times in parallel on learned projections of its inputs.
 *
 *   Q = X_q W_q + b_q      K = X_kv W_k + b_k      V = X_kv W_v + b_v          [batch, steps, d_model]
 *   head_i = softmax(Q_i K_iᵀ / √d_k + M) V_i        Q_i, K_i, V_i: features i·d_k … (i+1)·d_k − 1
 *   output = [head_1; …; head_h] W_o + b_o
 *
 * Self-attention passes the same sequence as X_q and X_kv; cross-attention (a decoder reading
 * its encoder) passes the decoder's states as X_q and the encoder's as X_kv. M is 0 where a query
 * may look and −10⁹ where it may not (padding, or the future under `causal`), so those weights are
 * exactly 0. Rows are examples, as everywhere in the kit: W [d_model, d_model] multiplies from
 * the right. Initial weights: Glorot uniform for each of W_q, W_k, W_v, W_o, biases 0.
 *
 * PyTorch's `nn.MultiheadAttention(d_model, h, batch_first=True)` computes the same function;
 * its weights are the transposes, stacked:
 *
 *   in_proj_weight = [W_qᵀ; W_kᵀ; W_vᵀ]  [3·d_model, d_model]      in_proj_bias = [b_q; b_k; b_v]
 *   out_proj.weight = W_oᵀ               [d_model, d_model]        out_proj.bias = b_o
 *
 * and with `average_attn_weights=False` it returns the same per-head weights. (Its default
 * initialization differs: one Glorot range over the stacked [3·d_model, d_model] matrix.)
 * Introduced in 09-transformer.
 */
export class MultiHeadAttention extends WeightedLayer {
  /** d_model (`config.modelSize`). */
  readonly modelSize: number;
  /** h (`config.heads`). */
  readonly heads: number;
  /** d_k = d_model / h, the features of each head. */
  readonly headSize: number;
  /** W_q, the queries' projection: [d_model, d_model]. */
  readonly Wq: tf.Variable<tf.Rank.R2>;
  /** W_k, the keys' projection: [d_model, d_model]. */
  readonly Wk: tf.Variable<tf.Rank.R2>;
  /** W_v, the values' projection: [d_model, d_model]. */
  readonly Wv: tf.Variable<tf.Rank.R2>;
  /** W_o, the output projection of the concatenated heads: [d_model, d_model]. */
  readonly Wo: tf.Variable<tf.Rank.R2>;
  /** b_q: [d_model]. */
  readonly bq: tf.Variable<tf.Rank.R1>;
  /** b_k: [d_model]. */
  readonly bk: tf.Variable<tf.Rank.R1>;
  /** b_v: [d_model]. */
  readonly bv: tf.Variable<tf.Rank.R1>;
  /** b_o: [d_model]. */
  readonly bo: tf.Variable<tf.Rank.R1>;

  constructor(config: MultiHeadAttentionConfig) {
    super();
    const { modelSize, heads } = config;
    checkSizes("MultiHeadAttention", { modelSize, heads });
    if (modelSize % heads !== 0) throw new Error(`MultiHeadAttention: modelSize ${modelSize} must be a multiple of heads ${heads}`);
    const random = randomFrom(config);
    this.modelSize = modelSize;
    this.heads = heads;
    this.headSize = modelSize / heads;
    this.Wq = this.weight(() => random.glorot(modelSize, modelSize));
    this.Wk = this.weight(() => random.glorot(modelSize, modelSize));
    this.Wv = this.weight(() => random.glorot(modelSize, modelSize));
    this.Wo = this.weight(() => random.glorot(modelSize, modelSize));
    this.bq = this.weight(() => tf.zeros<tf.Rank.R1>([modelSize]));
    this.bk = this.weight(() => tf.zeros<tf.Rank.R1>([modelSize]));
    this.bv = this.weight(() => tf.zeros<tf.Rank.R1>([modelSize]));
    this.bo = this.weight(() => tf.zeros<tf.Rank.R1>([modelSize]));
  }

  /**
   * X_q [batch, querySteps, d_model] attending to X_kv [batch, keySteps, d_model] → the output
   * [batch, querySteps, d_model] and every head's weights [batch, heads, querySteps, keySteps],
   * each row summing to 1 and exactly 0 where `masks` forbid.
   */
  apply(queries: tf.Tensor3D, keysValues: tf.Tensor3D, masks: AttentionMasks = {}): [output: tf.Tensor3D, weights: tf.Tensor4D] {
    checkWidth("MultiHeadAttention", "the queries' input", queries.shape, this.modelSize, "modelSize");
    checkWidth("MultiHeadAttention", "the keys' and values' input", keysValues.shape, this.modelSize, "modelSize");
    const [batch, querySteps] = queries.shape;
    const keySteps = keysValues.shape[1];
    if (keysValues.shape[0] !== batch)
      throw new Error(`MultiHeadAttention: ${batch} query sequences but ${keysValues.shape[0]} key sequences`);
    if (masks.causal === true && querySteps !== keySteps) {
      throw new Error(
        `MultiHeadAttention: a causal mask needs as many queries as keys (self-attention), got ${querySteps} and ${keySteps}`,
      );
    }
    return tf.tidy(() => {
      // Q, K, V, each head's features on an axis of its own   [batch, heads, steps, d_k]
      const Q = this.splitHeads(this.project(queries, this.Wq, this.bq));
      const K = this.splitHeads(this.project(keysValues, this.Wk, this.bk));
      const V = this.splitHeads(this.project(keysValues, this.Wv, this.bv));
      // Q_i K_iᵀ / √d_k   [batch, heads, querySteps, keySteps]
      const scores = tf.matMul(Q, K, false, true).div(Math.sqrt(this.headSize));
      // softmax(… + M), 0 where a query may not look   [batch, heads, querySteps, keySteps]
      const weights = maskedSoftmax(scores, this.allowed(batch, querySteps, keySteps, masks)) as tf.Tensor4D;
      // head_i = α_i V_i, then [head_1; …; head_h]   [batch, querySteps, d_model]
      const concatenated = tf.matMul(weights, V).transpose([0, 2, 1, 3]).reshape<tf.Tensor3D>([batch, querySteps, this.modelSize]);
      // output = [head_1; …; head_h] W_o + b_o   [batch, querySteps, d_model]
      return [this.project(concatenated, this.Wo, this.bo), weights];
    });
  }

  /** x W + b for every step: x [batch, steps, d_model] → [batch, steps, d_model]. */
  private project(x: tf.Tensor3D, W: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor3D {
    const [batch, steps] = x.shape;
    return x
      .reshape([batch * steps, this.modelSize])
      .matMul(W)
      .add(b)
      .reshape([batch, steps, this.modelSize]);
  }

  /** [batch, steps, d_model] → [batch, heads, steps, d_k]: head i takes features i·d_k … (i+1)·d_k − 1. */
  private splitHeads(x: tf.Tensor3D): tf.Tensor4D {
    const [batch, steps] = x.shape;
    return x.reshape([batch, steps, this.heads, this.headSize]).transpose([0, 2, 1, 3]);
  }

  /** 1 where a query may attend to a key, 0 where not, broadcast over heads: [batch | 1, 1, querySteps | 1, keySteps]; none when everything is allowed. */
  private allowed(batch: number, querySteps: number, keySteps: number, { keyMask, causal }: AttentionMasks): tf.Tensor | undefined {
    if (keyMask !== undefined && (keyMask.shape[0] !== batch || keyMask.shape[1] !== keySteps)) {
      throw new Error(`MultiHeadAttention: keyMask is [${keyMask.shape.join(", ")}], expected [${batch}, ${keySteps}] (batch, keySteps)`);
    }
    // padding: [batch, 1, 1, keySteps]
    const padding = keyMask?.toFloat().reshape([batch, 1, 1, keySteps]);
    // the future: 1 where key position ≤ query position   [1, 1, querySteps, keySteps]
    const past =
      causal === true ? tf.linalg.bandPart(tf.ones([querySteps, keySteps]), -1, 0).reshape([1, 1, querySteps, keySteps]) : undefined;
    if (padding !== undefined && past !== undefined) return padding.mul(past);
    return padding ?? past;
  }
}
