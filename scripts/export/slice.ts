/**
 * Which earlier cells a cell needs. In a notebook a cell may use any name an earlier cell
 * declared; copied on its own it fails with a ReferenceError. The cells it needs are those that
 * declare the names it uses (the latest such cell before it, as in the kernel), and, in turn,
 * the cells those need.
 */

/** What the slice needs to know about one code cell. */
export interface CellNames {
  /** The cell's position, used to order cells and to name them in results. */
  index: number;
  /** Names the cell declares at its top level. */
  declared: readonly string[];
  /** Names the cell uses (over-counting is harmless: it may only add a cell). */
  used: ReadonlySet<string>;
}

/**
 * The indexes of `target` and of every earlier cell it needs, directly or through another, in
 * notebook order. `cells` are the notebook's code cells in order; `target` is one of their indexes.
 */
export function cellsNeeded(cells: readonly CellNames[], target: number): number[] {
  const byIndex = new Map(cells.map((cell) => [cell.index, cell]));
  if (!byIndex.has(target)) throw new Error(`cell ${target} is not among the cells given`);
  const needed = new Set<number>();
  const pending = [target];
  while (pending.length > 0) {
    const index = pending.pop()!;
    if (needed.has(index)) continue;
    needed.add(index);
    for (const name of byIndex.get(index)!.used) {
      const declaring = latestDeclaring(cells, name, index);
      if (declaring !== undefined) pending.push(declaring);
    }
  }
  return [...needed].sort((a, b) => a - b);
}

/** The last cell before `before` that declares `name`, the one whose value the kernel would see. */
function latestDeclaring(cells: readonly CellNames[], name: string, before: number): number | undefined {
  let found: number | undefined;
  for (const cell of cells) {
    if (cell.index >= before) break;
    if (cell.declared.includes(name)) found = cell.index;
  }
  return found;
}
