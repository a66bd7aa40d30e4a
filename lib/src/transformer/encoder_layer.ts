import * as tf from "@tensorflow/tfjs";
import { LayerNorm } from "../blocks/layer_norm";
import { disposeAll, weightsOf, type Layer } from "../layer";
import { randomFrom, type Seeded } from "../random";
import { FeedForward } from "./feed_forward";
import { MultiHeadAttention } from "./multi_head_attention";
import { sublayer, type NormPlacement } from "./sublayer";

/** Everything that defines a {@link TransformerEncoderLayer} (and, with the same fields, a decoder layer). */
export interface TransformerLayerConfig extends Seeded {
  /** d_model, the size of every position's vector. Required. */
  modelSize: number;
  /** h, the attention heads; `modelSize` must be a multiple of it. Required. */
  heads: number;
  /** d_ff, the feed-forward block's hidden width. Default 4 · d_model. */
  feedForwardSize?: number;
  /** Where the LayerNorms go: "post" (the original Transformer's) or "pre". Default "post". */
  norm?: NormPlacement;
  /** ε of the LayerNorms. Default 1e-5, PyTorch's (the kit's LayerNorm alone defaults to tfjs's 1e-3). */
  normEpsilon?: number;
}

/**
 * One layer of the Transformer's encoder (Vaswani et al. 2017, §3.1): self-attention, every
 * position attending to every other, then the position-wise feed-forward block, each inside a
 * shortcut with a LayerNorm ({@link sublayer}):
 *
 *   post-LN:  x' = LN_1(x + MHA(x, x))        y = LN_2(x' + FFN(x'))
 *   pre-LN:   x' = x + MHA(LN_1(x), LN_1(x))  y = x' + FFN(LN_2(x'))
 *
 * PyTorch's `nn.TransformerEncoderLayer(d_model, h, d_ff, dropout=0, batch_first=True,
 * norm_first=…)` computes the same: its `self_attn` is the {@link MultiHeadAttention} (layout
 * there), `linear1`/`linear2` are the feed-forward's Dense layers transposed, `norm1`/`norm2`
 * the LayerNorms. Introduced in 09-transformer.
 */
export class TransformerEncoderLayer implements Layer {
  /** Where the LayerNorms go (`config.norm`, default "post"). */
  readonly norm: NormPlacement;
  /** MHA(x, x): every position attending to every other. */
  readonly selfAttention: MultiHeadAttention;
  /** FFN, position by position. */
  readonly feedForward: FeedForward;
  /** LN_1, around the self-attention. */
  readonly attentionNorm: LayerNorm;
  /** LN_2, around the feed-forward block. */
  readonly feedForwardNorm: LayerNorm;

  constructor(config: TransformerLayerConfig) {
    const random = randomFrom(config);
    const { modelSize, heads } = config;
    const epsilon = config.normEpsilon ?? 1e-5;
    this.norm = config.norm ?? "post";
    this.selfAttention = new MultiHeadAttention({ modelSize, heads, random });
    this.feedForward = new FeedForward({
      modelSize,
      ...(config.feedForwardSize === undefined ? {} : { hiddenSize: config.feedForwardSize }),
      random,
    });
    this.attentionNorm = new LayerNorm({ dims: modelSize, epsilon });
    this.feedForwardNorm = new LayerNorm({ dims: modelSize, epsilon });
  }

  get weights(): tf.Variable[] {
    return weightsOf([this.selfAttention, this.attentionNorm, this.feedForward, this.feedForwardNorm]);
  }

  /** x [batch, steps, d_model], keyMask [batch, steps] (1 = a character, 0 = padding; default none) → y [batch, steps, d_model]. */
  apply(x: tf.Tensor3D, keyMask?: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      // x' = x + MHA(x, x), normalized after (post) or before (pre)   [batch, steps, d_model]
      const attended = sublayer(x, (h) => this.selfAttention.apply(h, h, { keyMask })[0], this.attentionNorm, this.norm);
      // y = x' + FFN(x'), likewise   [batch, steps, d_model]
      return sublayer(attended, (h) => this.feedForward.apply(h), this.feedForwardNorm, this.norm);
    });
  }

  /** The self-attention's weights for input x, as `apply` computes them: [batch, heads, steps, steps]. */
  attentionWeights(x: tf.Tensor3D, keyMask?: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      // what the attention reads: x itself (post-LN) or LN_1(x) (pre-LN)
      const input = this.norm === "post" ? x : this.attentionNorm.apply(x);
      return this.selfAttention.apply(input, input, { keyMask })[1];
    });
  }

  dispose(): void {
    disposeAll([this.selfAttention, this.attentionNorm, this.feedForward, this.feedForwardNorm]);
  }
}
