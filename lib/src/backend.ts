import * as tf from "@tensorflow/tfjs";
import { useCachedIndexTensors } from "./kernels/cached_index_tensors";
import { supplyTfjsNodeUtil } from "./tfjs_node_util";

/** The tfjs backends seqlab knows, fastest first. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

/** Which backend is in use, and why it was chosen. */
export interface BackendChoice {
  /** The backend now active in tfjs (`tf.getBackend()`). */
  name: BackendName;
  /** Why: "fastest available", "set by SEQLAB_BACKEND", or why each faster backend did not load. */
  reason: string;
}

const FASTEST_FIRST: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

let chosen: Promise<BackendChoice> | undefined;

/**
 * Picks the fastest tfjs backend that works — tensorflow (tfjs-node, native TensorFlow), then
 * wasm, then the pure-JS cpu — and prints one line saying which one and why. A backend works when
 * it loads and then computes one forward op and one gradient right (a backend can load and still
 * fail every op, as tfjs-node 4.22 does on Node 24 unless the two `node:util` functions it calls
 * are supplied first, which seqlab does). The environment variable SEQLAB_BACKEND names one
 * backend to use instead (an error if it cannot load).
 * Safe to call many times: the choice is made once per process. Introduced in 01-sequence-tasks.
 */
export function selectBackend(): Promise<BackendChoice> {
  chosen ??= choose().then((choice) => {
    console.log(`seqlab backend: ${choice.name} (${choice.reason})`);
    return choice;
  });
  return chosen;
}

async function choose(): Promise<BackendChoice> {
  const requested = process.env["SEQLAB_BACKEND"];
  if (requested !== undefined && requested !== "") {
    if (!isBackendName(requested)) {
      throw new Error(`SEQLAB_BACKEND=${requested} is not one of ${FASTEST_FIRST.join(", ")}`);
    }
    const failure = await tryBackend(requested);
    if (failure !== undefined) throw new Error(`SEQLAB_BACKEND=${requested} cannot load: ${failure}`);
    return { name: requested, reason: "set by SEQLAB_BACKEND" };
  }
  const skipped: string[] = [];
  for (const name of FASTEST_FIRST) {
    const failure = await tryBackend(name);
    if (failure === undefined) {
      const reason = skipped.length === 0 ? "fastest available" : skipped.join("; ");
      return { name, reason };
    }
    skipped.push(`${name} unavailable: ${failure}`);
  }
  throw new Error(`no tfjs backend loads: ${skipped.join("; ")}`);
}

/** Loads, activates and proves one backend; returns why it failed, or undefined on success. */
async function tryBackend(name: BackendName): Promise<string | undefined> {
  try {
    if (name === "tensorflow") {
      // TensorFlow prints its start-up log to stderr unless told otherwise before it loads.
      process.env["TF_CPP_MIN_LOG_LEVEL"] ??= "2";
      // oneDNN's re-layouts cost more than they save on the kit's small matrices (measured about
      // 2× on a GRU step, scripts/setup-native.md) and announce themselves on stderr.
      process.env["TF_ENABLE_ONEDNN_OPTS"] ??= "0";
      // One intra-op thread: the kit's matrices are too small to split across cores, and sharing
      // the work cost more than it saved (gru-step 7.4–7.5 ms at 1 thread against 9.5–11.4 ms
      // at 2, interleaved runs, scripts/setup-native.md). How a matMul splits its sums then no
      // longer depends on the machine's core count either.
      process.env["TF_NUM_INTRAOP_THREADS"] ??= "1";
      supplyTfjsNodeUtil();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional package, loaded only when this backend is tried
      require("@tensorflow/tfjs-node");
      // the same kernels, minus a tensor or two made and freed per call (kernels/cached_index_tensors.ts)
      useCachedIndexTensors();
    } else if (name === "wasm") {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when this backend is tried
      require("@tensorflow/tfjs-backend-wasm");
    }
    const ok = await tf.setBackend(name);
    if (!ok) return "tf.setBackend refused it";
    await tf.ready();
    return proofFailure();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return firstLine(message);
  }
}

/**
 * Runs one forward op and one gradient on the active backend and compares them with values
 * worked out by hand; returns what differed, or undefined when both are right (an op that throws
 * is caught by the caller).
 */
function proofFailure(): string | undefined {
  return tf.tidy(() => {
    // [[1, 2], [3, 4]] · [1, 1]ᵀ = [3, 7]
    const forward = tf
      .matMul(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        tf.tensor2d([[1], [1]]),
      )
      .dataSync();
    // d/dx Σ x² = 2x at x = [1, −2, 3]
    const gradient = tf
      .grad((x: tf.Tensor) => x.square().sum())(tf.tensor1d([1, -2, 3]))
      .dataSync();
    // `!(… <= …)`, not `… >`: a NaN is wrong too.
    const wrong = (got: ArrayLike<number>, want: number[]) =>
      got.length !== want.length || want.some((w, i) => !(Math.abs((got[i] ?? NaN) - w) <= 1e-6));
    if (wrong(forward, [3, 7])) return `matMul gave [${Array.from(forward).join(", ")}], not [3, 7]`;
    if (wrong(gradient, [2, -4, 6])) return `the gradient of Σx² gave [${Array.from(gradient).join(", ")}], not [2, -4, 6]`;
    return undefined;
  });
}

function isBackendName(name: string): name is BackendName {
  return (FASTEST_FIRST as readonly string[]).includes(name);
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}
