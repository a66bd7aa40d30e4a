import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { randomFrom, type Seeded } from "../random";
import { checkSizes } from "../sizes";

/** The nonlinearity f a {@link Dense} layer applies after its affine map. */
export type DenseActivation = "linear" | "relu" | "tanh";

/** Everything that defines a {@link Dense} layer. */
export interface DenseConfig extends Seeded {
  /** Size of each input vector x. Required. */
  inputSize: number;
  /** Size of each output vector y. Required. */
  outputSize: number;
  /** f in y = f(x W + b): "linear" (none), "relu" or "tanh". Default "linear". */
  activation?: DenseActivation;
}

/**
 * A fully connected layer, the building block of a plain multilayer perceptron:
 *
 *   y = f(x W + b)
 *
 * Rows are examples, so x is [batch, input] and W is [input, output], the layout of
 * `tf.layers.dense` (kernel = W, bias = b). A [batch, steps, input] tensor is mapped step by
 * step with the same W. Initial weights: Glorot uniform from the kit's Random (the same on every
 * backend), b = 0, as `tf.layers.dense` does by default. Introduced in 07-residual.
 */
export class Dense extends WeightedLayer {
  /** Size of each input vector x (`config.inputSize`). */
  readonly inputSize: number;
  /** Size of each output vector y (`config.outputSize`). */
  readonly outputSize: number;
  /** f in y = f(x W + b) (`config.activation`, default "linear"). */
  readonly activation: DenseActivation;
  /** W: [input, output]. */
  readonly W: tf.Variable<tf.Rank.R2>;
  /** b: [output]. */
  readonly b: tf.Variable<tf.Rank.R1>;

  constructor(config: DenseConfig) {
    super();
    const { inputSize, outputSize } = config;
    checkSizes("Dense", { inputSize, outputSize });
    const random = randomFrom(config);
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.activation = config.activation ?? "linear";
    this.W = this.weight(() => random.glorot(inputSize, outputSize));
    this.b = this.weight(() => tf.zeros<tf.Rank.R1>([outputSize]));
  }

  /** x [batch, input] → y [batch, output], or x [batch, steps, input] → y [batch, steps, output]. */
  apply<T extends tf.Tensor2D | tf.Tensor3D>(x: T): T {
    const size = x.shape[x.rank - 1];
    if (size !== this.inputSize) {
      throw new Error(`Dense: x has ${size} features on its last axis, the layer expects ${this.inputSize}`);
    }
    return tf.tidy(() => {
      // [rows, input], rows = batch (or batch·steps); a [batch, input] x is used as it is
      const rows = (x.rank === 2 ? x : x.reshape([-1, this.inputSize])) as tf.Tensor2D;
      // z = x W + b   [rows, output]
      const z = rows.matMul(this.W).add<tf.Tensor2D>(this.b);
      // y = f(z)   [rows, output]
      const y = activate(z, this.activation);
      // back to x's leading axes: [batch, (steps,) output]
      return (x.rank === 2 ? y : y.reshape([...x.shape.slice(0, -1), this.outputSize])) as T;
    });
  }
}

function activate(z: tf.Tensor2D, activation: DenseActivation): tf.Tensor2D {
  switch (activation) {
    case "linear":
      return z;
    case "relu":
      return tf.relu(z);
    case "tanh":
      return tf.tanh(z);
  }
}
