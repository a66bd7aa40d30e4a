import { describe, expect, it } from "vitest";
import { cellsNeeded, type CellNames } from "../../scripts/export/slice";

const cell = (index: number, declared: string[], used: string[]): CellNames => ({ index, declared, used: new Set(used) });

describe("cellsNeeded", () => {
  const cells = [
    cell(2, ["tf", "train", "check"], []),
    cell(4, ["hiddenSize", "gru"], ["tf", "hiddenSize"]),
    cell(6, ["probe"], ["tf", "gru"]),
    cell(8, ["heldOut"], ["tf"]),
    cell(10, ["run"], ["train", "gru", "heldOut", "console"]),
  ];

  it("follows the names a cell uses back to the cells declaring them, and theirs in turn", () => {
    expect(cellsNeeded(cells, 10)).toEqual([2, 4, 8, 10]);
    expect(cellsNeeded(cells, 4)).toEqual([2, 4]);
  });

  it("takes the latest earlier declaration, as the kernel sees it", () => {
    const redeclared = [cell(1, ["x"], []), cell(2, ["x"], []), cell(3, [], ["x"]), cell(4, ["x"], [])];
    expect(cellsNeeded(redeclared, 3)).toEqual([2, 3]);
  });

  it("rejects a cell it was not given", () => {
    expect(() => cellsNeeded(cells, 5)).toThrow("cell 5");
  });
});
