import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { randomFrom } from "../random";
import { checkSizes } from "../sizes";
import type { CellConfig, CellState, SequenceStepper } from "./recurrent_cell";

/**
 * The weights of a cell whose gates are stored side by side (fused), so that one matmul computes
 * every gate: W [input, gates·hidden], U [hidden, gates·hidden], b [gates·hidden]. The layout is
 * that of tfjs's recurrent layers (`kernel`, `recurrentKernel`, `bias`), for rows of examples
 * (`x_t · W`), so weights copy to and from them as they are. Initial weights: W then U Glorot
 * uniform from the kit's Random (the same on every backend), b zeros unless the cell gives its
 * own. {@link SimpleRNNCell} (1 gate, named W_xh, W_hh, b_h after the seed), {@link GRUCell} (3)
 * and {@link LSTMCell} (4) build on it; each says its gate order.
 */
export abstract class FusedGateCell<S extends CellState> extends WeightedLayer {
  /** Size of each input vector x_t (`config.inputSize`). */
  readonly inputSize: number;
  /** Size of the hidden state h_t (`config.hiddenSize`). */
  readonly hiddenSize: number;
  /** The input weights of the gates side by side: [input, gates·hidden]. */
  readonly W: tf.Variable<tf.Rank.R2>;
  /** The recurrent weights of the gates side by side: [hidden, gates·hidden]. */
  readonly U: tf.Variable<tf.Rank.R2>;
  /** The biases of the gates side by side: [gates·hidden]. */
  readonly b: tf.Variable<tf.Rank.R1>;

  /** `owner` names the cell in error messages; `bias` makes b [gates·hidden] (default zeros). */
  protected constructor(owner: string, config: CellConfig, gates: number, bias?: () => tf.Tensor1D) {
    super();
    const { inputSize, hiddenSize } = config;
    checkSizes(owner, { inputSize, hiddenSize });
    const random = randomFrom(config);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.W = this.weight(() => random.glorot(inputSize, gates * hiddenSize));
    this.U = this.weight(() => random.glorot(hiddenSize, gates * hiddenSize));
    this.b = this.weight(bias ?? (() => tf.zeros<tf.Rank.R1>([gates * hiddenSize])));
  }

  /** One time step: x_t [batch, input] and the state before it → the state after it. */
  abstract step(x: tf.Tensor2D, state: S): S;

  /** `step` itself: the equations do nothing to the weights that one sequence could share. */
  stepper(): SequenceStepper<S> {
    return { step: (x, state) => this.step(x, state) };
  }
}
