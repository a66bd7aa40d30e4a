import type * as tf from "@tensorflow/tfjs";

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
