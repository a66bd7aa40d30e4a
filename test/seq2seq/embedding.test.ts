import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { Random } from "../../lib/src/random";
import { Embedding } from "../../lib/src/seq2seq/embedding";
import { maxAbsDiff } from "../cells/reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("Embedding", () => {
  it("has the documented shapes and draws standard normal vectors from the seed", () => {
    const embedding = new Embedding({ vocabSize: 5, embeddingSize: 3, seed: 2 });
    expect(embedding.E.shape).toEqual([5, 3]);
    const random = new Random(2);
    const expected = Array.from({ length: 15 }, () => random.normal());
    expect(Array.from(embedding.E.dataSync())).toEqual(Array.from(Float32Array.from(expected)));
    expectTypeOf(embedding.apply<tf.Tensor1D>).returns.toEqualTypeOf<tf.Tensor2D>();
    expectTypeOf(embedding.apply<tf.Tensor2D>).returns.toEqualTypeOf<tf.Tensor3D>();
    embedding.dispose();
  });

  it("looks up rows of E, like tf.gather, for [batch] and [batch, steps] ids", () => {
    const embedding = new Embedding({ vocabSize: 6, embeddingSize: 4, seed: 1 });
    const ids2 = tf.tensor2d(
      [
        [0, 5, 2],
        [3, 3, 1],
      ],
      [2, 3],
      "int32",
    );
    const ids1 = tf.tensor1d([4, 0], "int32");
    expect(embedding.apply(ids2).shape).toEqual([2, 3, 4]);
    expect(maxAbsDiff(embedding.apply(ids2), tf.gather(embedding.E, ids2))).toBe(0);
    expect(maxAbsDiff(embedding.apply(ids1), tf.gather(embedding.E, ids1))).toBe(0);
    embedding.dispose();
  });

  it("has a gradient that reaches exactly the rows it looked up, once per use", () => {
    const embedding = new Embedding({ vocabSize: 4, embeddingSize: 2 });
    const ids = tf.tensor2d([[1, 1, 3]], [1, 3], "int32");
    const { grads } = tf.variableGrads(() => embedding.apply(ids).sum<tf.Scalar>(), [embedding.E]);
    expect(grads[embedding.E.name]?.arraySync()).toEqual([
      [0, 0],
      [2, 2],
      [0, 0],
      [1, 1],
    ]);
    embedding.dispose();
  });
});
