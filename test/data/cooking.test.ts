import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { DISHES, WEATHERS, cookingSequences, cookingTensors, nextDish, type CookingSequence, type Dish } from "../../lib/src/data/cooking";
import { Random } from "../../lib/src/random";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** The rule written out as the seed states it, one case per line. */
const RULE: [yesterday: Dish, sunny: Dish, rainy: Dish][] = [
  ["apple pie", "apple pie", "hamburger"],
  ["hamburger", "hamburger", "chicken"],
  ["chicken", "chicken", "apple pie"],
];

/** The index of the 1 in each one-hot row: [batch, steps]. */
function argmaxRows(t: tf.Tensor3D): number[][] {
  const ids = t.argMax(-1);
  const rows = ids.arraySync() as number[][];
  ids.dispose();
  return rows;
}

describe("nextDish", () => {
  it("keeps yesterday's dish on a sunny day and cooks the next one on a rainy day", () => {
    for (const [yesterday, sunny, rainy] of RULE) {
      expect(nextDish(yesterday, "sunny")).toBe(sunny);
      expect(nextDish(yesterday, "rainy")).toBe(rainy);
    }
  });

  it("has the seed's dishes and weathers", () => {
    expect(DISHES).toEqual(["apple pie", "hamburger", "chicken"]);
    expect(WEATHERS).toEqual(["sunny", "rainy"]);
    expectTypeOf<Dish>().toEqualTypeOf<"apple pie" | "hamburger" | "chicken">();
  });
});

describe("cookingSequences", () => {
  it("never draws a sequence that is in `exclude`", () => {
    const key = (s: CookingSequence) => `${s.start}|${s.weathers.join()}`;
    const training = cookingSequences({ count: 64, days: 10, seed: 1 });
    const trainingKeys = new Set(training.map(key));
    // Drawn without `exclude`, 200 runs of 10 days share some runs with 64 training runs.
    const overlapping = cookingSequences({ count: 200, days: 10, seed: 2 });
    expect(overlapping.filter((s) => trainingKeys.has(key(s))).length).toBeGreaterThan(0);
    const heldOut = cookingSequences({ count: 200, days: 10, seed: 2, exclude: training });
    expect(heldOut).toHaveLength(200);
    expect(heldOut.filter((s) => trainingKeys.has(key(s)))).toEqual([]);
  });

  it("says so when `exclude` leaves nothing to draw", () => {
    const all = cookingSequences({ count: 40, days: 2, seed: 1 });
    expect(() => cookingSequences({ count: 1, days: 2, seed: 2, exclude: all })).toThrow(/draws in a row/);
  });

  it("follows the rule every day, from the start dish", () => {
    const sequences = cookingSequences({ count: 50, days: 12, start: "random", seed: 4 });
    expect(sequences).toHaveLength(50);
    for (const { start, weathers, dishes } of sequences) {
      expect(weathers).toHaveLength(12);
      expect(dishes).toHaveLength(12);
      dishes.forEach((dish, t) => {
        const yesterday = t === 0 ? start : dishes[t - 1];
        expect(dish).toBe(nextDish(yesterday, weathers[t]));
      });
    }
    // "random" really varies the start
    expect(new Set(sequences.map((s) => s.start)).size).toBe(3);
  });

  it("starts from apple pie by default, 64 sequences of 10 days, as in the seed's table", () => {
    const sequences = cookingSequences();
    expect(sequences).toHaveLength(64);
    expect(sequences.every((s) => s.start === "apple pie" && s.dishes.length === 10)).toBe(true);
  });

  it("is seeded: the same seed gives the same days, another seed other days", () => {
    const a = cookingSequences({ seed: 1 });
    expect(cookingSequences({ seed: 1 })).toEqual(a);
    expect(cookingSequences({ random: new Random(1) })).toEqual(a);
    expect(cookingSequences({ seed: 2 })).not.toEqual(a);
  });

  it("draws rain with the given probability", () => {
    const allSunny = cookingSequences({ count: 5, rainProbability: 0 });
    expect(allSunny.every((s) => s.dishes.every((d) => d === "apple pie"))).toBe(true);
    const allRainy = cookingSequences({ count: 1, days: 6, rainProbability: 1 });
    expect(allRainy[0].dishes).toEqual(["hamburger", "chicken", "apple pie", "hamburger", "chicken", "apple pie"]);
    const days = cookingSequences({ count: 100, days: 20, rainProbability: 0.3 }).flatMap((s) => s.weathers);
    const rainy = days.filter((w) => w === "rainy").length / days.length;
    expect(rainy).toBeGreaterThan(0.25);
    expect(rainy).toBeLessThan(0.35);
  });
});

describe("cookingTensors", () => {
  const sequences: CookingSequence[] = [
    { start: "apple pie", weathers: ["rainy", "sunny", "rainy"], dishes: ["hamburger", "hamburger", "chicken"] },
    { start: "apple pie", weathers: ["sunny", "rainy", "rainy"], dishes: ["apple pie", "hamburger", "chicken"] },
  ];

  it("encodes the seed's formulation by default: x_t = one-hot weather_t, y_t = one-hot dish_t", () => {
    const { xs, ys } = cookingTensors(sequences);
    expect(xs.shape).toEqual([2, 3, 2]);
    expect(ys.shape).toEqual([2, 3, 3]);
    expect(xs.arraySync()).toEqual([
      [
        [0, 1],
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
        [0, 1],
      ],
    ]);
    expect(argmaxRows(ys)).toEqual([
      [1, 1, 2], // hamburger, hamburger, chicken
      [0, 1, 2], // apple pie, hamburger, chicken
    ]);
    tf.dispose([xs, ys]);
  });

  it("encodes x_t = [one-hot dish_{t−1} ; one-hot weather_t] for the memoryless baseline", () => {
    const { xs, ys } = cookingTensors(sequences, "dish+weather");
    expect(xs.shape).toEqual([2, 3, 5]);
    expect(xs.arraySync()[0]).toEqual([
      [1, 0, 0, 0, 1], // yesterday apple pie (the start), rainy
      [0, 1, 0, 1, 0], // yesterday hamburger, sunny
      [0, 1, 0, 0, 1], // yesterday hamburger, rainy
    ]);
    expect(ys.shape).toEqual([2, 3, 3]);
    tf.dispose([xs, ys]);
  });

  it("agrees with the rule on generated data: dish_t follows from dish_{t−1} and weather_t in the tensors", () => {
    const { xs, ys } = cookingTensors(cookingSequences({ count: 20, start: "random", seed: 9 }), "dish+weather");
    const x = xs.arraySync();
    const y = ys.arraySync();
    x.forEach((row, n) =>
      row.forEach((xt, t) => {
        const yesterday = DISHES[xt.slice(0, 3).indexOf(1)];
        const weather = WEATHERS[xt.slice(3).indexOf(1)];
        expect(DISHES[y[n][t].indexOf(1)]).toBe(nextDish(yesterday, weather));
      }),
    );
    tf.dispose([xs, ys]);
  });

  it('refuses "weather" inputs for sequences with different start dishes', () => {
    const mixed = cookingSequences({ count: 10, start: "random", seed: 4 });
    expect(() => cookingTensors(mixed)).toThrow(/same start dish/);
  });
});
