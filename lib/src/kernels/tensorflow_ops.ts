import * as tf from "@tensorflow/tfjs";

/** The part of tfjs-node's backend that runs a TensorFlow op by name (not in tfjs's public types). */
interface TensorFlowBackend {
  binding: Record<"TF_ATTR_TYPE" | "TF_ATTR_FLOAT" | "TF_ATTR_BOOL" | "TF_ATTR_STRING" | "TF_ATTR_SHAPE" | "TF_FLOAT", number>;
  executeMultipleOutputs(name: string, attrs: OpAttr[], inputs: tf.Tensor[], outputs: number): tf.Tensor[];
}

/** One attribute of a TensorFlow op, as tfjs-node's binding takes it. */
interface OpAttr {
  name: string;
  type: number;
  value: number | boolean | string | readonly number[];
}

/** The value of a type attribute (T, dtype) that says float32, the only element type the kit uses. */
export const FLOAT32 = { type: "float32" } as const;

/**
 * The value of one attribute of a TensorFlow op: a float, a bool, a string, a shape
 * (`{ shape: [n] }`) or the element type {@link FLOAT32}.
 */
export type OpAttrValue = number | boolean | string | { shape: readonly number[] } | typeof FLOAT32;

/** An op's attributes by name. */
export type OpAttrs = Record<string, OpAttrValue>;

/**
 * Whether TensorFlow's own ops (GRUBlockCell, LSTMBlockCell, …) can run: the `tensorflow`
 * backend (tfjs-node) is the active one. Elsewhere the kit's cells run their equations.
 */
export function hasTensorFlowOps(): boolean {
  return tf.getBackend() === "tensorflow" && typeof (tf.backend() as Partial<TensorFlowBackend>).executeMultipleOutputs === "function";
}

/**
 * Runs the TensorFlow op `name` on float32 `inputs` (its type attribute T is float32, besides
 * `attrs`) and returns its `outputs` tensors. Only on the `tensorflow` backend
 * ({@link hasTensorFlowOps}); the op is not recorded for gradients, so callers pair it with its
 * gradient op in `tf.customGrad`.
 */
export function runTensorFlowOp(name: string, inputs: tf.Tensor[], outputs: number, attrs: OpAttrs = {}): tf.Tensor[] {
  return runTensorFlowOpWith(name, inputs, outputs, { T: FLOAT32, ...attrs });
}

/** {@link runTensorFlowOp} for an op without a type attribute T: exactly `attrs`. */
export function runTensorFlowOpWith(name: string, inputs: tf.Tensor[], outputs: number, attrs: OpAttrs): tf.Tensor[] {
  const backend = tf.backend() as unknown as TensorFlowBackend;
  const { binding } = backend;
  const opAttrs = Object.entries(attrs).map(([attr, value]): OpAttr => {
    if (typeof value === "number") return { name: attr, type: binding.TF_ATTR_FLOAT, value };
    if (typeof value === "boolean") return { name: attr, type: binding.TF_ATTR_BOOL, value };
    if (typeof value === "string") return { name: attr, type: binding.TF_ATTR_STRING, value };
    if ("shape" in value) return { name: attr, type: binding.TF_ATTR_SHAPE, value: value.shape };
    return { name: attr, type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT };
  });
  return backend.executeMultipleOutputs(name, opAttrs, inputs, outputs);
}
