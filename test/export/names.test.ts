import { describe, expect, it } from "vitest";
import { declaredNames, parseCell, usedNames } from "../../scripts/export/names";

describe("declaredNames", () => {
  it("lists every top-level declaration, destructuring and imports included", () => {
    const file = parseCell(`import * as tf from "@tensorflow/tfjs";
import { a, b as c, type T } from "m";
import d from "d";
const [x, , { y, z: w }] = f();
let u = 1, v = 2;
function step() {}
class Model {}
interface Trainee { kind: string }
type Kind = "RNN";
enum E { A }
if (u) { const hidden = 1; }
await selectBackend();`);
    expect(declaredNames(file)).toEqual(["tf", "a", "c", "T", "d", "x", "y", "w", "u", "v", "step", "Model", "Trainee", "Kind", "E"]);
  });
});

describe("usedNames", () => {
  const used = (code: string) => [...usedNames(parseCell(code))].sort();

  it("counts bindings, not property or member names", () => {
    expect(used("gru.W.add(tf.ones([hiddenSize]))")).toEqual(["gru", "hiddenSize", "tf"]);
    expect(used("const o = { weights: w, readout }")).toEqual(["readout", "w"]);
  });

  it("counts names used in types, but not the members of a type", () => {
    expect(used("let t: tf.Tensor2D; interface M { logits: CookingTensors }")).toEqual(["CookingTensors", "tf"]);
  });

  it("does not count the names a declaration introduces", () => {
    expect(used("function f(x: number, { a: b }: Q) { const c = x; return c }")).toEqual(["Q", "c", "x"]);
  });
});
