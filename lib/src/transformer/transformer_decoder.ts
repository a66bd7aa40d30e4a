import * as tf from "@tensorflow/tfjs";
import { Dense } from "../blocks/dense";
import type { LayerNorm } from "../blocks/layer_norm";
import type { CellState } from "../cells/recurrent_cell";
import { disposeAll, weightsOf, type Layer } from "../layer";
import { randomFrom } from "../random";
import { DEFAULT_SIZES } from "../seq2seq/defaults";
import type { DecoderConfig, DecoderFactory, SequenceDecoder } from "../seq2seq/sequence_decoder";
import type { Encoded } from "../seq2seq/sequence_encoder";
import { TransformerDecoderLayer } from "./decoder_layer";
import { TransformerEmbedding } from "./transformer_embedding";
import { finalNormFor, layerConfig, type TransformerOptions } from "./transformer_options";

/**
 * The Transformer's decoder (Vaswani et al. 2017): embeddings plus positions, a stack of
 * {@link TransformerDecoderLayer}s (causal self-attention, cross-attention to the encoder's
 * states, feed-forward), with pre-LN layers a last LayerNorm, and a Dense layer scoring the
 * vocabulary at every position.
 *
 * Teacher-forced (`forward`) it computes every target position in one pass: the causal mask
 * keeps each position from seeing the ones after it, so nothing waits for a previous step. Its
 * "state" for the one-step interface of `Seq2Seq` is everything written so far, the ids
 * [batch, steps so far] (as floats, a `CellState`): `step` appends the new input and runs the
 * whole prefix again, returning the scores of its last position (greedy decoding without a key
 * cache, quadratic in the length, which for the kit's short targets costs little).
 * Introduced in 09-transformer.
 */
export class TransformerDecoder implements SequenceDecoder {
  readonly vocabSize: number;
  /** d_model. */
  readonly modelSize: number;
  /** Embeddings plus positions: the bottom layer's input. */
  readonly input: TransformerEmbedding;
  /** The stacked layers, bottom first (`config.layers`, default 1). */
  readonly layers: TransformerDecoderLayer[];
  /** The LayerNorm after the top layer, with pre-LN layers only. */
  readonly finalNorm: LayerNorm | undefined;
  /** The scores of the next character: [d_model] → [vocab]. */
  readonly output: Dense;

  constructor(config: DecoderConfig, options: TransformerOptions = {}) {
    const random = randomFrom(config);
    const layer = layerConfig(config.hiddenSize, options, random);
    const { modelSize } = layer;
    this.vocabSize = config.vocabSize;
    this.modelSize = modelSize;
    this.input = new TransformerEmbedding({ vocabSize: config.vocabSize, modelSize, random }, options);
    this.layers = Array.from({ length: config.layers ?? DEFAULT_SIZES.layers }, () => new TransformerDecoderLayer(layer));
    this.finalNorm = finalNormFor(layer);
    this.output = new Dense({ inputSize: modelSize, outputSize: config.vocabSize, random });
  }

  get weights(): tf.Variable[] {
    return weightsOf(this.parts());
  }

  /** Nothing written yet: an empty prefix of ids, [batch, 0]. */
  initialState(encoded: Encoded): CellState[] {
    return [tf.zeros<tf.Rank.R2>([encoded.states.shape[0], 0])];
  }

  /** The previous ids [batch] appended to the prefix, the scores of the next character [batch, vocab], and the longer prefix. */
  step(previous: tf.Tensor1D, state: readonly CellState[], encoded: Encoded): [logits: tf.Tensor2D, state: CellState[]] {
    return tf.tidy(() => {
      // the ids written so far, and the new one   [batch, steps + 1]
      const prefix = tf.concat([this.prefixOf(state), previous.toFloat().expandDims(1)], 1) as tf.Tensor2D;
      const logits = this.logitsOf(prefix.toInt(), encoded);
      const steps = prefix.shape[1];
      // the last position's scores   [batch, vocab]
      return [logits.slice([0, steps - 1, 0], [-1, 1, -1]).squeeze<tf.Tensor2D>([1]), [prefix]];
    });
  }

  /** Every position of `inputs` [batch, steps] after the prefix in `state`, in one pass → logits [batch, steps, vocab]. */
  forward(inputs: tf.Tensor2D, state: readonly CellState[], encoded: Encoded): tf.Tensor3D {
    return tf.tidy(() => {
      const prefix = this.prefixOf(state);
      const ids = prefix.shape[1] === 0 ? inputs : tf.concat<tf.Tensor2D>([prefix.toInt(), inputs], 1);
      const logits = this.logitsOf(ids, encoded);
      return logits.slice([0, prefix.shape[1], 0], [-1, inputs.shape[1], -1]);
    });
  }

  /** Every layer's self- and cross-attention weights for target inputs [batch, steps], bottom layer first: [batch, heads, steps, steps] and [batch, heads, steps, sourceSteps]. */
  attentionWeights(
    inputs: tf.Tensor2D,
    encoded: Encoded,
  ): {
    /** Each layer's self-attention weights. */
    self: tf.Tensor4D[];
    /** Each layer's cross-attention weights. */
    cross: tf.Tensor4D[];
  } {
    return tf.tidy(() => {
      let y = this.input.apply(inputs);
      const self: tf.Tensor4D[] = [];
      const cross: tf.Tensor4D[] = [];
      for (const layer of this.layers) {
        const weights = layer.attentionWeights(y, encoded.states, { sourceMask: encoded.mask });
        self.push(weights.self);
        cross.push(weights.cross);
        y = layer.apply(y, encoded.states, { sourceMask: encoded.mask });
      }
      return { self, cross };
    });
  }

  dispose(): void {
    disposeAll(this.parts());
  }

  /** ids [batch, steps] → the scores of the next character at every position [batch, steps, vocab]. */
  private logitsOf(ids: tf.Tensor2D, encoded: Encoded): tf.Tensor3D {
    let y = this.input.apply(ids);
    for (const layer of this.layers) y = layer.apply(y, encoded.states, { sourceMask: encoded.mask });
    return this.output.apply(this.finalNorm === undefined ? y : this.finalNorm.apply(y));
  }

  /** The prefix of ids a state holds: [batch, steps so far]. */
  private prefixOf(state: readonly CellState[]): tf.Tensor2D {
    const [prefix] = state;
    if (prefix === undefined || Array.isArray(prefix))
      throw new Error("TransformerDecoder: its state is [the ids written so far, [batch, steps]]");
    return prefix;
  }

  private parts(): Layer[] {
    return [this.input, ...this.layers, ...(this.finalNorm === undefined ? [] : [this.finalNorm]), this.output];
  }
}

/** Makes a {@link TransformerDecoder} for a `Seq2Seq`: `decoder: transformerDecoder({ heads: 4, norm: "pre" })`. */
export function transformerDecoder(options: TransformerOptions = {}): DecoderFactory<TransformerDecoder> {
  return (config) => new TransformerDecoder(config, options);
}
