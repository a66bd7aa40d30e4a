import * as tf from "@tensorflow/tfjs";

/** What a kernel gets from tfjs: tensors as backend handles (`TensorInfo`), and its attributes. */
interface KernelArgs {
  inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[];
  attrs: Record<string, unknown>;
  backend: TensorFlowKernelBackend;
}

/** The part of tfjs-node's backend these kernels use (not in tfjs's public types). */
interface TensorFlowKernelBackend {
  binding: Record<"TF_ATTR_TYPE" | "TF_ATTR_INT" | "TF_FLOAT" | "TF_INT32" | "TF_BOOL", number>;
  write(values: Int32Array, shape: number[], dtype: "int32"): object;
  executeSingleOutput(name: string, attrs: object[], inputs: tf.TensorInfo[]): tf.TensorInfo;
  executeMultipleOutputs(name: string, attrs: object[], inputs: tf.TensorInfo[], outputs: number): tf.TensorInfo[];
  createReductionOpAttrs(x: tf.TensorInfo, keepDims?: boolean): object[];
}

/** The kernels given their index inputs from the cache. */
const KERNELS = ["Reshape", "Concat", "SplitV", "Sum", "Slice", "ExpandDims"] as const;

/** Distinct index tensors kept at most; past it, kernels make theirs per call again, as tfjs-node does. */
const MOST_CACHED = 4096;

/**
 * int32 index tensors (shapes, axes, split sizes, slice corners) held in the backend, one per
 * distinct value, made the first time a kernel needs it and kept for the process. They live in
 * tfjs-node's backend only, not in tfjs's engine, so `tf.memory().numTensors` does not count them.
 */
const cache = new Map<string, tf.TensorInfo>();

let installed = false;

/** How many index tensors the cache holds (for tests: it grows with new values, not with calls). */
export function cachedIndexTensorCount(): number {
  return cache.size;
}

/**
 * Re-registers six tfjs-node kernels, Reshape, Concat, SplitV, Sum, Slice and ExpandDims, so that
 * their small int32 inputs (the new shape, the axis, the split sizes, the slice's begin and size)
 * come from a cache instead of being made and freed as tensors on every call. The TensorFlow op
 * each runs, its attributes and its result are the same as tfjs-node 4.22's own kernel
 * (test/kernels/cached_index_tensors.test.ts); only the call is cheaper: a reshape took 27 µs
 * with a fresh shape tensor and 9–13 µs with a cached one (2-core VM), and a training step of
 * the kit's attention seq2seq runs about a hundred reshapes. Tensors of other types than float32,
 * int32 and bool go to tfjs-node's kernel. Called once by `selectBackend` when it loads tfjs-node;
 * later calls do nothing.
 */
export function useCachedIndexTensors(): void {
  if (installed) return;
  installed = true;
  for (const name of KERNELS) {
    const stock = tf.getKernel(name, "tensorflow");
    if (stock === undefined) continue;
    tf.unregisterKernel(name, "tensorflow");
    tf.registerKernel({
      kernelName: name,
      backendName: "tensorflow",
      kernelFunc: (args) => {
        const own = args as unknown as KernelArgs;
        const dtype = typeNumber(own.backend, firstInput(own.inputs).dtype);
        const result = dtype === undefined ? undefined : run(name, own, dtype);
        return result ?? stock.kernelFunc(args);
      },
    });
  }
}

/** Runs kernel `name` with cached index tensors, or returns undefined when the cache is full. */
function run(
  name: (typeof KERNELS)[number],
  { inputs, attrs, backend }: KernelArgs,
  dtype: number,
): tf.TensorInfo | tf.TensorInfo[] | undefined {
  const { binding } = backend;
  const T = { name: "T", type: binding.TF_ATTR_TYPE, value: dtype };
  const int32Type = (attr: string) => ({ name: attr, type: binding.TF_ATTR_TYPE, value: binding.TF_INT32 });
  const x = firstInput(inputs);
  switch (name) {
    case "Reshape": {
      const shape = index(backend, attrs["shape"] as number[]);
      return shape && backend.executeSingleOutput("Reshape", [T, int32Type("Tshape")], [x, shape]);
    }
    case "Concat": {
      const tensors = Object.values(inputs);
      const axis = index(backend, attrs["axis"] as number, "scalar");
      const count = { name: "N", type: binding.TF_ATTR_INT, value: tensors.length };
      return axis && backend.executeSingleOutput("ConcatV2", [count, int32Type("Tidx"), T], [...tensors, axis]);
    }
    case "SplitV": {
      const axis = tf.util.parseAxisParam(attrs["axis"] as number, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x, attrs["numOrSizeSplits"] as number | number[], axis);
      const [sizesTensor, axisTensor] = [index(backend, sizes), index(backend, axis, "scalar")];
      const count = { name: "num_split", type: binding.TF_ATTR_INT, value: sizes.length };
      return (
        sizesTensor &&
        axisTensor &&
        backend.executeMultipleOutputs("SplitV", [count, T, int32Type("Tlen")], [x, sizesTensor, axisTensor], sizes.length)
      );
    }
    case "Sum": {
      const axes = index(backend, tf.util.parseAxisParam(attrs["axis"] as number | number[], x.shape));
      return axes && backend.executeSingleOutput("Sum", backend.createReductionOpAttrs(x, attrs["keepDims"] as boolean), [x, axes]);
    }
    case "Slice": {
      const [begin, size] = tf.slice_util.parseSliceParams(x, attrs["begin"] as number[], attrs["size"] as number[]);
      const [beginTensor, sizeTensor] = [index(backend, begin), index(backend, size)];
      return beginTensor && sizeTensor && backend.executeSingleOutput("Slice", [T, int32Type("Index")], [x, beginTensor, sizeTensor]);
    }
    case "ExpandDims": {
      const dim = index(backend, attrs["dim"] as number, "scalar");
      return dim && backend.executeSingleOutput("ExpandDims", [], [x, dim]);
    }
  }
}

/** The cached int32 tensor of `values` (a scalar or a vector), or undefined when the cache is full. */
function index(
  backend: TensorFlowKernelBackend,
  values: number | readonly number[],
  rank: "scalar" | "vector" = "vector",
): tf.TensorInfo | undefined {
  const list = typeof values === "number" ? [values] : values;
  const key = `${rank}:${list.join(",")}`;
  const cached = cache.get(key);
  if (cached !== undefined || cache.size >= MOST_CACHED) return cached;
  const shape = rank === "scalar" ? [] : [list.length];
  const info: tf.TensorInfo = { dataId: backend.write(Int32Array.from(list), shape, "int32"), shape, dtype: "int32" };
  cache.set(key, info);
  return info;
}

/** A kernel's first input: `x` or `input`, or the first of Concat's list. */
function firstInput(inputs: KernelArgs["inputs"]): tf.TensorInfo {
  const first = Object.values(inputs)[0];
  if (first === undefined) throw new Error("a kernel with no inputs");
  return first;
}

/** TensorFlow's number for a tfjs dtype this file handles, else undefined. */
function typeNumber(backend: TensorFlowKernelBackend, dtype: tf.DataType): number | undefined {
  const { binding } = backend;
  return { float32: binding.TF_FLOAT, int32: binding.TF_INT32, bool: binding.TF_BOOL }[dtype as string];
}
