import * as tf from "@tensorflow/tfjs";
import { disposeAll, weightsOf, type Layer } from "../layer";
import type { Random } from "../random";
import { checkSizes } from "../sizes";
import type { CellFactory, CellState, RecurrentCell } from "./recurrent_cell";
import { unstackSteps } from "../unstack_steps";

/** Everything that defines a {@link CellStack}. */
export interface CellStackConfig<S extends CellState = CellState> {
  /** Makes each layer's cell. Required. */
  cell: CellFactory<S>;
  /** How many layers. Required, at least 1. */
  layers: number;
  /** Size of each input vector x_t of the bottom layer. Required. */
  inputSize: number;
  /** Size of every layer's output h_t (the layers above the bottom one read it). Required. */
  hiddenSize: number;
  /** Draws the initial weights, layer by layer from the bottom. Required. */
  random: Random;
  /** Who owns the stack, for error messages (e.g. "Encoder"). Default "CellStack". */
  owner?: string;
}

/**
 * Recurrent layers stacked: layer l reads the outputs h_t of layer l − 1, the bottom layer reads
 * the input. The encoders and decoders of 05-seq2seq and 06-attention are built on it, with any
 * cell ({@link RecurrentCell}). Introduced in 05-seq2seq.
 */
export class CellStack<S extends CellState = CellState> implements Layer {
  /** One cell per layer, bottom first. */
  readonly cells: RecurrentCell<S>[];

  constructor(config: CellStackConfig<S>) {
    const { layers, inputSize, hiddenSize, random } = config;
    const owner = config.owner ?? "CellStack";
    checkSizes(owner, { layers, inputSize, hiddenSize });
    this.cells = Array.from({ length: layers }, (_, l) => config.cell({ inputSize: l === 0 ? inputSize : hiddenSize, hiddenSize, random }));
  }

  /** Every layer's weights, bottom first. */
  get weights(): tf.Variable[] {
    return weightsOf(this.cells);
  }

  /** The top layer's output h_t of a stack state   [batch, hidden]. */
  output(states: readonly S[]): tf.Tensor2D {
    const top = this.cells.length - 1;
    return this.cells[top].output(states[top]);
  }

  /**
   * Every layer over a whole sequence xs [batch, steps, input], from `initial` (one state per
   * layer; default zeros), optionally masked (see {@link runCell}) → the top layer's h_t at every
   * step [batch, steps, hidden] and each layer's last state, bottom first.
   */
  run(xs: tf.Tensor3D, mask?: tf.Tensor2D, initial?: readonly S[]): [hs: tf.Tensor3D, last: S[]] {
    return tf.tidy(() => {
      let input = xs;
      const last: S[] = [];
      for (const [l, cell] of this.cells.entries()) {
        const [hs, lastState] = runCell(cell, input, mask, initial?.[l]);
        input = hs;
        last.push(lastState);
      }
      return [input, last];
    });
  }

  /** One time step of every layer: x_t [batch, input] and each layer's state → the top h_t [batch, hidden] and the new states. */
  step(x: tf.Tensor2D, states: readonly S[]): [top: tf.Tensor2D, next: S[]] {
    return tf.tidy(() => this.stepper().step(x, states));
  }

  /**
   * `step` for the steps of one sequence, each cell's {@link RecurrentCell.stepper}: call it, and
   * the function it returns, inside the `tf.tidy` that runs the sequence.
   */
  stepper(): {
    /** One step of every layer: the top layer's output and every layer's next state. */
    step(x: tf.Tensor2D, states: readonly S[]): [top: tf.Tensor2D, next: S[]];
  } {
    const steppers = this.cells.map((cell) => cell.stepper());
    return {
      step: (x, states) =>
        tf.tidy(() => {
          let input = x;
          const next: S[] = [];
          for (const [l, cell] of this.cells.entries()) {
            // s_t = cell(input, s_{t-1}); the layer above reads its h_t
            const state = steppers[l].step(input, states[l]);
            next.push(state);
            input = cell.output(state);
          }
          return [input, next];
        }),
    };
  }

  /** Frees every layer's weights. */
  dispose(): void {
    disposeAll(this.cells);
  }
}

/**
 * One cell over a sequence xs [batch, steps, input] from `initial` (default zeros) → every h_t
 * [batch, steps, hidden] and the last state. Without a mask it is the cell's own `unroll` (the
 * input projections of all steps one matmul). With a mask m [batch, steps] (1 = character,
 * 0 = padding) the cell steps one at a time, and at a masked step every part of the state keeps
 * its value,
 *
 *   s_t = s_{t-1} + m_t (cell(x_t, s_{t-1}) − s_{t-1})
 *
 * so padding changes nothing, wherever it sits (h_t then repeats the h before it).
 */
export function runCell<S extends CellState>(
  cell: RecurrentCell<S>,
  xs: tf.Tensor3D,
  mask?: tf.Tensor2D,
  initial?: S,
): [hs: tf.Tensor3D, last: S] {
  if (mask === undefined) return cell.unroll(xs, initial);
  return tf.tidy(() => {
    const [batch, steps] = mask.shape;
    // steps × [batch, input]
    const inputs = unstackSteps(xs, 1);
    // steps × [batch, 1]: m_t, broadcast over the hidden units
    const masks = unstackSteps(mask.toFloat(), 1).map((m) => m.reshape([batch, 1]));
    let state = initial ?? cell.zeroState(batch);
    const stepper = cell.stepper();
    const hs: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const m = masks[t];
      const stepped = cell.parts(stepper.step(inputs[t] as tf.Tensor2D, state));
      // s_t = s_{t-1} + m_t (cell(x_t, s_{t-1}) − s_{t-1}), part by part
      state = cell.fromParts(cell.parts(state).map((before, i) => before.add(m.mul(stepped[i].sub(before)))));
      hs.push(cell.output(state));
    }
    // [batch, steps, hidden]
    return [tf.stack(hs, 1) as tf.Tensor3D, state];
  });
}
