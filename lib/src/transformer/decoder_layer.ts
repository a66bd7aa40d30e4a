import * as tf from "@tensorflow/tfjs";
import { LayerNorm } from "../blocks/layer_norm";
import { disposeAll, weightsOf, type Layer } from "../layer";
import { randomFrom } from "../random";
import type { TransformerLayerConfig } from "./encoder_layer";
import { FeedForward } from "./feed_forward";
import { MultiHeadAttention } from "./multi_head_attention";
import { sublayer, type NormPlacement } from "./sublayer";

/** The masks of a {@link TransformerDecoderLayer}: which target and which source positions are characters. */
export interface DecoderMasks {
  /** 1 for a character, 0 for padding, in a [batch, targetSteps] tensor. Default none. */
  targetMask?: tf.Tensor2D | undefined;
  /** 1 for a character, 0 for padding, in a [batch, sourceSteps] tensor. Default none. */
  sourceMask?: tf.Tensor2D | undefined;
}

/**
 * One layer of the Transformer's decoder (Vaswani et al. 2017, §3.1): causal self-attention over
 * the target (position t sees positions ≤ t only, so a whole teacher-forced target trains at
 * once without any step seeing its answer), then cross-attention from the target to the
 * encoder's output (the attention of 06-attention, with learned projections and several heads),
 * then the feed-forward block, each inside a shortcut with a LayerNorm ({@link sublayer}):
 *
 *   post-LN:  y' = LN_1(y + MHA_causal(y, y))   y'' = LN_2(y' + MHA(y', m))   out = LN_3(y'' + FFN(y''))
 *   pre-LN:   the same with each LN moved onto its sublayer's input
 *
 * where m is the encoder's output. PyTorch's `nn.TransformerDecoderLayer(d_model, h, d_ff,
 * dropout=0, batch_first=True, norm_first=…)` with a square subsequent `tgt_mask` computes the
 * same: `self_attn`, `multihead_attn`, `linear1`/`linear2`, `norm1`/`norm2`/`norm3`.
 * Introduced in 09-transformer.
 */
export class TransformerDecoderLayer implements Layer {
  /** Where the LayerNorms go (`config.norm`, default "post"). */
  readonly norm: NormPlacement;
  /** MHA_causal(y, y): each target position attending to itself and the positions before it. */
  readonly selfAttention: MultiHeadAttention;
  /** MHA(y', m): the target attending to the encoder's output. */
  readonly crossAttention: MultiHeadAttention;
  /** FFN, position by position. */
  readonly feedForward: FeedForward;
  /** LN_1, around the self-attention. */
  readonly selfAttentionNorm: LayerNorm;
  /** LN_2, around the cross-attention. */
  readonly crossAttentionNorm: LayerNorm;
  /** LN_3, around the feed-forward block. */
  readonly feedForwardNorm: LayerNorm;

  constructor(config: TransformerLayerConfig) {
    const random = randomFrom(config);
    const { modelSize, heads } = config;
    const epsilon = config.normEpsilon ?? 1e-5;
    this.norm = config.norm ?? "post";
    this.selfAttention = new MultiHeadAttention({ modelSize, heads, random });
    this.crossAttention = new MultiHeadAttention({ modelSize, heads, random });
    this.feedForward = new FeedForward({
      modelSize,
      ...(config.feedForwardSize === undefined ? {} : { hiddenSize: config.feedForwardSize }),
      random,
    });
    this.selfAttentionNorm = new LayerNorm({ dims: modelSize, epsilon });
    this.crossAttentionNorm = new LayerNorm({ dims: modelSize, epsilon });
    this.feedForwardNorm = new LayerNorm({ dims: modelSize, epsilon });
  }

  get weights(): tf.Variable[] {
    return weightsOf(this.layers());
  }

  /** The target y [batch, targetSteps, d_model] reading the encoder's output m [batch, sourceSteps, d_model] → [batch, targetSteps, d_model]. */
  apply(y: tf.Tensor3D, memory: tf.Tensor3D, masks: DecoderMasks = {}): tf.Tensor3D {
    return tf.tidy(() => {
      // y' = y + MHA_causal(y, y)   [batch, targetSteps, d_model]
      const selfAttended = this.selfAttend(y, masks);
      // y'' = y' + MHA(y', m)   [batch, targetSteps, d_model]
      const crossAttended = sublayer(
        selfAttended,
        (h) => this.crossAttention.apply(h, memory, { keyMask: masks.sourceMask })[0],
        this.crossAttentionNorm,
        this.norm,
      );
      // out = y'' + FFN(y'')   [batch, targetSteps, d_model]
      return sublayer(crossAttended, (h) => this.feedForward.apply(h), this.feedForwardNorm, this.norm);
    });
  }

  /** Both attentions' weights, as `apply` computes them: self [batch, heads, targetSteps, targetSteps] and cross [batch, heads, targetSteps, sourceSteps]. */
  attentionWeights(
    y: tf.Tensor3D,
    memory: tf.Tensor3D,
    masks: DecoderMasks = {},
  ): {
    /** The self-attention's weights. */
    self: tf.Tensor4D;
    /** The cross-attention's weights. */
    cross: tf.Tensor4D;
  } {
    return tf.tidy(() => {
      // what each attention reads as its queries: its sublayer's input (post-LN) or that input normalized (pre-LN)
      const queriesOf = (x: tf.Tensor3D, norm: LayerNorm) => (this.norm === "post" ? x : norm.apply(x));
      const selfQueries = queriesOf(y, this.selfAttentionNorm);
      const [, self] = this.selfAttention.apply(selfQueries, selfQueries, { keyMask: masks.targetMask, causal: true });
      const [, cross] = this.crossAttention.apply(queriesOf(this.selfAttend(y, masks), this.crossAttentionNorm), memory, {
        keyMask: masks.sourceMask,
      });
      return { self, cross };
    });
  }

  dispose(): void {
    disposeAll(this.layers());
  }

  /** The causal self-attention sublayer: y → y'. */
  private selfAttend(y: tf.Tensor3D, masks: DecoderMasks): tf.Tensor3D {
    return sublayer(
      y,
      (h) => this.selfAttention.apply(h, h, { keyMask: masks.targetMask, causal: true })[0],
      this.selfAttentionNorm,
      this.norm,
    );
  }

  private layers(): Layer[] {
    return [
      this.selfAttention,
      this.selfAttentionNorm,
      this.crossAttention,
      this.crossAttentionNorm,
      this.feedForward,
      this.feedForwardNorm,
    ];
  }
}
