import * as tf from "@tensorflow/tfjs";

/**
 * The kit's one seeded random source, for data generators and weight initializers alike.
 *
 * Numbers are drawn in JavaScript (mulberry32), never by the backend, so the same seed gives
 * the same data and the same initial weights on tensorflow, wasm and cpu. Introduced in
 * 01-sequence-tasks.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    // mulberry32: a 32-bit state, full period, good enough for data and initializers.
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An element of `items`, each equally likely. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick: no items to pick from");
    return items[this.int(items.length)];
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A shuffled copy of `items` (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A tensor of uniform samples in [low, high). */
  uniform(shape: number[], low: number, high: number): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = low + (high - low) * this.float();
    return tf.tensor(values, shape);
  }

  /**
   * Glorot (Xavier) uniform weights for a [fanIn, fanOut] matrix, the default initializer of
   * tfjs and Keras dense and recurrent kernels: U(−a, a) with a = √(6 / (fanIn + fanOut)).
   */
  glorot(fanIn: number, fanOut: number): tf.Tensor2D {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    return this.uniform([fanIn, fanOut], -a, a) as tf.Tensor2D;
  }
}

/** Where a layer's initial weights (or a data set's draws) come from: a seed, or a Random to share. */
export interface Seeded {
  /** Seed of the Random that draws, when `random` is not given. Default 0. */
  seed?: number;
  /** A Random to draw from instead of `new Random(seed)`, e.g. one shared by every layer of a model. Default: none. */
  random?: Random;
}

/** The Random a config asks for: its `random`, else `new Random(seed)` (seed default 0). */
export function randomFrom(config: Seeded): Random {
  return config.random ?? new Random(config.seed ?? 0);
}
