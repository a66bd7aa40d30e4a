import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Vocab } from "../../lib/src/data/vocab";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("Vocab", () => {
  const vocab = new Vocab("ab+}");

  it("numbers its characters in order and reads ids back", () => {
    expect(vocab.size).toBe(4);
    expect(vocab.encode("ba}")).toEqual([1, 0, 3]);
    expect(vocab.decode([1, 0, 3])).toBe("ba}");
  });

  it("writes one-hot rows [length, size]", () => {
    const rows = vocab.oneHot("a+");
    expect(rows.arraySync()).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
    ]);
    rows.dispose();
  });

  it("refuses a character it does not have, naming it", () => {
    expect(() => vocab.encode("abc")).toThrow(/"c"/);
  });
});
