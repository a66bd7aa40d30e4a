import util from "node:util";
import { describe, expect, it } from "vitest";
import { supplyTfjsNodeUtil } from "../lib/src/tfjs_node_util";

/** The two functions as tfjs-node calls them (they are not in @types/node's view of every Node). */
const needed = util as unknown as { isNullOrUndefined(value: unknown): boolean; isArray(value: unknown): boolean };

describe("supplyTfjsNodeUtil", () => {
  it("supplies exactly what this Node lacks or deprecates: nothing on 20, both from 22 on", () => {
    const major = Number(process.versions.node.split(".")[0]);
    expect(supplyTfjsNodeUtil()).toEqual(major >= 22 ? ["isNullOrUndefined", "isArray"] : []);
    // A second call finds the plain functions in place.
    expect(supplyTfjsNodeUtil()).toEqual([]);
  });

  it("leaves functions that behave as tfjs-node expects and warn about nothing", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    supplyTfjsNodeUtil();
    expect([null, undefined, 0, "", false, NaN].map((v) => needed.isNullOrUndefined(v))).toEqual([true, true, false, false, false, false]);
    expect([[], [1], "ab", { length: 1 }].map((v) => needed.isArray(v))).toEqual([true, true, false, false]);
    // Node emits warnings on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    process.off("warning", onWarning);
    expect(warnings).toEqual([]);
  });
});
