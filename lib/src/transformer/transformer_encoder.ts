import * as tf from "@tensorflow/tfjs";
import type { LayerNorm } from "../blocks/layer_norm";
import { disposeAll, weightsOf, type Layer } from "../layer";
import { randomFrom } from "../random";
import type { Encoded, EncoderConfig, EncoderFactory, SequenceEncoder } from "../seq2seq/sequence_encoder";
import { DEFAULT_SIZES } from "../seq2seq/defaults";
import { TransformerEncoderLayer } from "./encoder_layer";
import { TransformerEmbedding } from "./transformer_embedding";
import { finalNormFor, layerConfig, type TransformerOptions } from "./transformer_options";

/**
 * The Transformer's encoder (Vaswani et al. 2017): embeddings plus positions, then a stack of
 * {@link TransformerEncoderLayer}s, every source position attending to every other at once, no
 * recurrence; with pre-LN layers a last LayerNorm normalizes the top layer's output, as PyTorch's
 * `nn.TransformerEncoder(norm=…)` is used with `norm_first=True`. Padding gets no attention.
 *
 * As a `Seq2Seq` encoder (`encoder: transformerEncoder({ heads: 4 })`) it hands its decoder the
 * top layer's output as `states`, their mean over the characters as `context`, and no recurrent
 * `last` states: it pairs with {@link TransformerDecoder}. Introduced in 09-transformer.
 */
export class TransformerEncoder implements SequenceEncoder {
  readonly vocabSize: number;
  /** d_model, the width of every state. */
  readonly stateSize: number;
  /** Embeddings plus positions: the bottom layer's input. */
  readonly input: TransformerEmbedding;
  /** The stacked layers, bottom first (`config.layers`, default 1). */
  readonly layers: TransformerEncoderLayer[];
  /** The LayerNorm after the top layer, with pre-LN layers only. */
  readonly finalNorm: LayerNorm | undefined;

  constructor(config: EncoderConfig, options: TransformerOptions = {}) {
    const random = randomFrom(config);
    const layer = layerConfig(config.hiddenSize, options, random);
    const { modelSize } = layer;
    this.vocabSize = config.vocabSize;
    this.stateSize = modelSize;
    this.input = new TransformerEmbedding({ vocabSize: config.vocabSize, modelSize, random }, options);
    this.layers = Array.from({ length: config.layers ?? DEFAULT_SIZES.layers }, () => new TransformerEncoderLayer(layer));
    this.finalNorm = finalNormFor(layer);
  }

  get weights(): tf.Variable[] {
    return weightsOf(this.parts());
  }

  /** Source ids [batch, steps] and mask [batch, steps] (1 = character, 0 = padding; default none) → {@link Encoded}. */
  encode(source: tf.Tensor2D, mask?: tf.Tensor2D): Encoded {
    return tf.tidy(() => {
      // the top layer's output   [batch, steps, d_model]
      const states = this.statesOf(source, mask);
      // c: the mean of the states over the characters   [batch, d_model]
      const weights = (mask ?? tf.onesLike(source).toFloat()).expandDims(2);
      const context = states.mul(weights).sum(1).div<tf.Tensor2D>(weights.sum(1));
      return mask === undefined ? { states, last: [], context } : { states, last: [], context, mask };
    });
  }

  /** Every layer's self-attention weights for a source, bottom layer first: [batch, heads, steps, steps] each. */
  attentionWeights(source: tf.Tensor2D, mask?: tf.Tensor2D): tf.Tensor4D[] {
    return tf.tidy(() => {
      let x = this.input.apply(source);
      const weights: tf.Tensor4D[] = [];
      for (const layer of this.layers) {
        weights.push(layer.attentionWeights(x, mask));
        x = layer.apply(x, mask);
      }
      return weights;
    });
  }

  dispose(): void {
    disposeAll(this.parts());
  }

  /** x_0 = embeddings + positions, x_l = layer_l(x_{l−1}), and the final LayerNorm if any   [batch, steps, d_model]. */
  private statesOf(source: tf.Tensor2D, mask: tf.Tensor2D | undefined): tf.Tensor3D {
    let x = this.input.apply(source);
    for (const layer of this.layers) x = layer.apply(x, mask);
    return this.finalNorm === undefined ? x : this.finalNorm.apply(x);
  }

  private parts(): Layer[] {
    return [this.input, ...this.layers, ...(this.finalNorm === undefined ? [] : [this.finalNorm])];
  }
}

/** Makes a {@link TransformerEncoder} for a `Seq2Seq`: `encoder: transformerEncoder({ heads: 4, norm: "pre" })`. */
export function transformerEncoder(options: TransformerOptions = {}): EncoderFactory {
  return (config) => new TransformerEncoder(config, options);
}
