import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { randomFrom, type Seeded } from "../random";
import { checkSizes, checkWidth } from "../sizes";

/**
 * The Transformer's sinusoidal positional encoding (Vaswani et al. 2017, §3.5), one vector per
 * position, added to the embeddings so that attention, which has no sense of order by itself,
 * can tell positions apart:
 *
 *   PE(pos, 2i)     = sin(pos / 10000^(2i / d_model))
 *   PE(pos, 2i + 1) = cos(pos / 10000^(2i / d_model))
 *
 * Each pair of features is a clock at its own frequency, from one turn every 2π positions down
 * to one every 10000·2π, and PE(pos + k) is a fixed linear function (a rotation) of PE(pos), so
 * relative positions are easy to read off. Nothing is learned. steps × d_model → [steps, d_model].
 * Introduced in 09-transformer.
 */
export function sinusoidalPositions(steps: number, modelSize: number): tf.Tensor2D {
  checkSizes("sinusoidalPositions", { steps, modelSize });
  return tf.tidy(() => {
    // pos   [steps, 1]
    const positions = tf.range(0, steps).reshape([steps, 1]);
    // 1 / 10000^(2i / d_model) for each feature, both features of a pair sharing i   [1, d_model]
    const pairIndex = tf.range(0, modelSize).div(2).floor().mul(2);
    const frequencies = tf.exp(pairIndex.mul(-Math.log(10000) / modelSize)).reshape([1, modelSize]);
    // pos / 10000^(2i / d_model)   [steps, d_model]
    const angles = positions.mul(frequencies);
    // sin on even features, cos on odd ones   [steps, d_model]
    const isEven = tf.range(0, modelSize).mod(2).equal(0).reshape([1, modelSize]);
    return tf.where(isEven.tile([steps, 1]), tf.sin(angles), tf.cos(angles)) as tf.Tensor2D;
  });
}

/** Everything that defines {@link LearnedPositions}. */
export interface LearnedPositionsConfig extends Seeded {
  /** The longest sequence it can encode: one learned vector per position 0 … maxSteps − 1. Required. */
  maxSteps: number;
  /** d_model, the size of each vector. Required. */
  modelSize: number;
}

/**
 * Learned positional embeddings, the alternative to {@link sinusoidalPositions} (BERT's and GPT's
 * choice): a trained vector P_pos per position, added to the embeddings the same way. It cannot
 * encode a position it never had a vector for. Initial values uniform in ±0.05, as the kit's
 * embeddings. Introduced in 09-transformer.
 */
export class LearnedPositions extends WeightedLayer {
  /** `config.maxSteps`. */
  readonly maxSteps: number;
  /** d_model (`config.modelSize`). */
  readonly modelSize: number;
  /** P: [maxSteps, d_model], row pos for position pos. */
  readonly P: tf.Variable<tf.Rank.R2>;

  constructor(config: LearnedPositionsConfig) {
    super();
    const { maxSteps, modelSize } = config;
    checkSizes("LearnedPositions", { maxSteps, modelSize });
    const random = randomFrom(config);
    this.maxSteps = maxSteps;
    this.modelSize = modelSize;
    this.P = this.weight(() => random.uniform([maxSteps, modelSize], -0.05, 0.05) as tf.Tensor2D);
  }

  /** The vectors of positions 0 … steps − 1: [steps, d_model]. */
  positions(steps: number): tf.Tensor2D {
    if (steps > this.maxSteps) throw new Error(`LearnedPositions: ${steps} steps, but it has vectors for ${this.maxSteps} positions only`);
    return this.P.slice([0, 0], [steps, this.modelSize]);
  }
}

/** x [batch, steps, d_model] plus the positions' vectors [steps, d_model], the same for every example: the Transformer's input. */
export function addPositions(x: tf.Tensor3D, positions: tf.Tensor2D): tf.Tensor3D {
  checkWidth("addPositions", "x", x.shape, positions.shape[1], "the positions' size");
  if (positions.shape[0] !== x.shape[1]) throw new Error(`addPositions: x has ${x.shape[1]} steps, the positions ${positions.shape[0]}`);
  return tf.tidy(() => x.add(positions.expandDims(0)));
}
