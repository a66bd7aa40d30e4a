import * as tf from "@tensorflow/tfjs";

/** The part of tfjs-node's backend that runs a TensorFlow op by name (not in tfjs's public types). */
interface TensorFlowBackend {
  binding: { TF_ATTR_TYPE: number; TF_ATTR_FLOAT: number; TF_ATTR_BOOL: number; TF_FLOAT: number };
  executeMultipleOutputs(name: string, attrs: OpAttr[], inputs: tf.Tensor[], outputs: number): tf.Tensor[];
}

/** One attribute of a TensorFlow op, as tfjs-node's binding takes it. */
interface OpAttr {
  name: string;
  type: number;
  value: number | boolean;
}

/** The float or bool attributes of an op, besides its type T (always float32 here). */
export type OpAttrs = Record<string, number | boolean>;

/**
 * Whether TensorFlow's own ops (GRUBlockCell, LSTMBlockCell, …) can run: the `tensorflow`
 * backend (tfjs-node) is the active one. Elsewhere the kit's cells run their equations.
 */
export function hasTensorFlowOps(): boolean {
  return tf.getBackend() === "tensorflow" && typeof (tf.backend() as Partial<TensorFlowBackend>).executeMultipleOutputs === "function";
}

/**
 * Runs the TensorFlow op `name` on float32 `inputs` and returns its `outputs` tensors. Only on
 * the `tensorflow` backend ({@link hasTensorFlowOps}); the op is not recorded for gradients, so
 * callers pair it with its gradient op in `tf.customGrad`.
 */
export function runTensorFlowOp(name: string, inputs: tf.Tensor[], outputs: number, attrs: OpAttrs = {}): tf.Tensor[] {
  const backend = tf.backend() as unknown as TensorFlowBackend;
  const { binding } = backend;
  const opAttrs: OpAttr[] = [
    { name: "T", type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT },
    ...Object.entries(attrs).map(([attr, value]) => ({
      name: attr,
      type: typeof value === "boolean" ? binding.TF_ATTR_BOOL : binding.TF_ATTR_FLOAT,
      value,
    })),
  ];
  return backend.executeMultipleOutputs(name, opAttrs, inputs, outputs);
}
