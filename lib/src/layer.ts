import * as tf from "@tensorflow/tfjs";

/**
 * What every block, cell, attention and model of the kit is: something with trainable weights
 * that can be freed. An optimizer trains `layer.weights`; `dispose()` frees them. A layer may own
 * other layers: its `weights` lists theirs too, and its `dispose()` frees them.
 */
export interface Layer {
  /** The trainable weights, for an optimizer's var list, saving, or tests. */
  readonly weights: tf.Variable[];
  /** Frees the weights. */
  dispose(): void;
}

/** The weights of several layers, in order. */
export function weightsOf(layers: readonly Layer[]): tf.Variable[] {
  return layers.flatMap((layer) => layer.weights);
}

/** Frees several layers. */
export function disposeAll(layers: readonly Layer[]): void {
  for (const layer of layers) layer.dispose();
}

/** How {@link WeightedLayer.weight} makes a weight. */
export interface WeightOptions {
  /** Whether gradients train it (a running statistic does not); untrained weights are left out of `weights`. Default true. */
  trainable?: boolean;
}

/**
 * The base of a layer that makes its own weights (a cell, a dense layer, a norm, an attention):
 * each `weight(…)` it creates is kept, in order of creation, so `weights` lists the trainable
 * ones and `dispose()` frees all of them, as PyTorch's `nn.Module` keeps the parameters it is
 * given. A layer made of other layers lists theirs instead (`weightsOf`).
 */
export abstract class WeightedLayer implements Layer {
  private readonly created: { variable: tf.Variable; trainable: boolean }[] = [];

  /** The trainable weights, in the order the layer made them. */
  get weights(): tf.Variable[] {
    return this.created.filter((w) => w.trainable).map((w) => w.variable);
  }

  /** Frees every weight the layer made, trained or not. */
  dispose(): void {
    for (const { variable } of this.created) variable.dispose();
  }

  /** A new weight holding `initial`'s values (`initial` runs in `tf.tidy`, so its temporaries are freed). */
  protected weight<R extends tf.Rank>(initial: () => tf.Tensor<R>, options: WeightOptions = {}): tf.Variable<R> {
    const trainable = options.trainable ?? true;
    const variable = tf.tidy(() => tf.variable(initial(), trainable));
    this.created.push({ variable, trainable });
    return variable;
  }
}
