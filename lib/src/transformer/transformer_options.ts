import { LayerNorm } from "../blocks/layer_norm";
import type { Random } from "../random";
import { DEFAULT_SIZES } from "../seq2seq/defaults";
import type { TransformerLayerConfig } from "./encoder_layer";
import type { NormPlacement } from "./sublayer";

/**
 * What a Transformer encoder or decoder adds to the sizes a `Seq2Seq` hands every encoder and
 * decoder: its `hiddenSize` is d_model and its `layers` the number of layers; its
 * `embeddingSize` is not used, since the embeddings are added to the positions and so are
 * d_model wide too. Introduced in 09-transformer.
 */
export interface TransformerOptions {
  /** h, the attention heads of every layer; d_model must be a multiple of it. Default 4. */
  heads?: number;
  /** d_ff, the feed-forward blocks' hidden width. Default 4 · d_model. */
  feedForwardSize?: number;
  /** Where the LayerNorms go: "post" (the original Transformer's) or "pre" (a last LayerNorm then follows the top layer). Default "post". */
  norm?: NormPlacement;
  /** How positions are encoded: "sinusoidal" (fixed, any length) or "learned" (one trained vector per position up to `maxSteps`). Default "sinusoidal". */
  positions?: "sinusoidal" | "learned";
  /** The longest sequence "learned" positions can encode. Default 64. */
  maxSteps?: number;
}

/** The config of every layer of a Transformer encoder or decoder: d_model is the model's `hiddenSize`, the rest the options' (with their defaults). */
export function layerConfig(
  hiddenSize: number | undefined,
  options: TransformerOptions,
  random: Random,
): TransformerLayerConfig & { norm: NormPlacement } {
  return {
    modelSize: hiddenSize ?? DEFAULT_SIZES.hiddenSize,
    heads: options.heads ?? 4,
    norm: options.norm ?? "post",
    random,
    ...(options.feedForwardSize === undefined ? {} : { feedForwardSize: options.feedForwardSize }),
  };
}

/** The LayerNorm after the top layer that a stack of pre-LN layers needs (its output is otherwise never normalized); none after post-LN layers. */
export function finalNormFor({ norm, modelSize }: TransformerLayerConfig & { norm: NormPlacement }): LayerNorm | undefined {
  return norm === "pre" ? new LayerNorm({ dims: modelSize, epsilon: 1e-5 }) : undefined;
}
