import * as tf from "@tensorflow/tfjs";
import { lstmBlockStepper } from "../kernels/lstm_block";
import { hasTensorFlowOps } from "../kernels/tensorflow_ops";
import { LSTMCell, type LSTMState } from "./lstm";
import { checkedStepper, checkSequence } from "./project_inputs";
import type { CellFactory, SequenceStepper } from "./recurrent_cell";
import { unstackSteps } from "../unstack_steps";

/**
 * The {@link LSTMCell} of 03-lstm, the same weights and the same results (to float rounding,
 * 1e-5 in test/cells/fused_lstm.test.ts, forward and gradients), run on the `tensorflow` backend
 * by TensorFlow's fused LSTM kernels (LSTMBlockCell forward, LSTMBlockCellGrad backward;
 * `kernels/lstm_block.ts`), one op per step each way. On the other backends it is the LSTMCell
 * itself. `lstmCell` makes these for encoders and decoders; the LSTMCell stays the equations to read.
 */
export class FusedLSTMCell extends LSTMCell {
  step(x: tf.Tensor2D, state: LSTMState): LSTMState {
    if (!hasTensorFlowOps()) return super.step(x, state);
    return tf.tidy(() => this.stepper().step(x, state));
  }

  stepper(): SequenceStepper<LSTMState> {
    if (!hasTensorFlowOps()) return super.stepper();
    return checkedStepper("FusedLSTMCell", this.inputSize, lstmBlockStepper(this.W, this.U, this.b));
  }

  unroll(xs: tf.Tensor3D, initial?: LSTMState): [hs: tf.Tensor3D, last: LSTMState] {
    if (!hasTensorFlowOps()) return super.unroll(xs, initial);
    checkSequence("FusedLSTMCell", xs, this.inputSize);
    return tf.tidy(() => {
      const step = lstmBlockStepper(this.W, this.U, this.b);
      let state = initial ?? this.zeroState(xs.shape[0]);
      const hs: tf.Tensor2D[] = [];
      for (const x of unstackSteps<tf.Tensor2D>(xs, 1)) {
        state = step(x, state);
        hs.push(state[0]);
      }
      // [batch, steps, hidden] and (h_T, c_T)
      return [tf.stack(hs, 1) as tf.Tensor3D, state];
    });
  }
}

/** The LSTM of 03-lstm for an encoder or decoder (`cell: lstmCell`), fused on the `tensorflow` backend ({@link FusedLSTMCell}). */
export const lstmCell: CellFactory<LSTMState> = (config) => new FusedLSTMCell(config);
