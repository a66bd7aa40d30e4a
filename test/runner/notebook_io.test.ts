import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkNotebook, formatNotebook, NotebookError, readNotebook, writeNotebook } from "../../scripts/runner/notebook_io";

const notebookJson = () => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
  cells: [
    { cell_type: "markdown", id: "m1", metadata: {}, source: ["# Title\n", "text"] },
    {
      cell_type: "code",
      id: "c1",
      metadata: { tags: ["no-regression"] },
      execution_count: 1,
      source: ["const a = 1\n", "a"],
      outputs: [
        { output_type: "stream", name: "stdout", text: ["1\n", "2\n"] },
        {
          output_type: "display_data",
          metadata: {},
          data: { "text/plain": ["x\n", "y"], "image/png": "iVBOR", "application/vnd.vegalite.v5+json": { mark: "bar" } },
        },
      ],
    },
  ],
});

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "notebook-io-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("checkNotebook", () => {
  it("joins multiline strings in memory", () => {
    const notebook = checkNotebook(notebookJson());
    expect(notebook.cells[1].source).toBe("const a = 1\na");
    expect(notebook.cells[1]["outputs"]).toEqual([
      { output_type: "stream", name: "stdout", text: "1\n2\n" },
      expect.objectContaining({ data: expect.objectContaining({ "text/plain": "x\ny" }) }),
    ]);
  });

  it.each([
    ["an array", [], /not an nbformat 4 notebook \(nbformat: missing\)/],
    ["nbformat 3", { ...notebookJson(), nbformat: 3 }, /nbformat: 3/],
    ["no cells", { ...notebookJson(), cells: undefined }, /cells, metadata or nbformat_minor missing/],
    [
      "a code cell without outputs",
      { ...notebookJson(), cells: [{ cell_type: "code", source: "", metadata: {} }] },
      /cell 1 is code without outputs/,
    ],
    ["another kernel", { ...notebookJson(), metadata: { kernelspec: { name: "python3" } } }, /kernel is "python3", not "tslab"/],
    ["no kernelspec", { ...notebookJson(), metadata: {} }, /no kernelspec/],
  ])("rejects %s with a one-line reason", (_what, json, reason) => {
    expect(() => checkNotebook(json)).toThrow(NotebookError);
    expect(() => checkNotebook(json)).toThrow(reason);
  });
});

describe("readNotebook", () => {
  it("names a missing file and broken JSON", async () => {
    await expect(readNotebook(join(folder, "missing.ipynb"))).rejects.toThrow("no such file");
    await writeFile(join(folder, "broken.ipynb"), "{ nope");
    await expect(readNotebook(join(folder, "broken.ipynb"))).rejects.toThrow(/^not valid JSON/);
  });
});

describe("formatNotebook", () => {
  it("writes as Jupyter does: lines split for text, keys sorted, indent 1, final newline", () => {
    const text = formatNotebook(checkNotebook(notebookJson()));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "markdown",')).toBe(true);
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(["cells", "metadata", "nbformat", "nbformat_minor"]);
    expect(json).toEqual(notebookJson());
  });

  it("gives cells an id when the notebook is nbformat 4.5", () => {
    const json = notebookJson();
    delete (json.cells[0] as { id?: string }).id;
    expect(JSON.parse(formatNotebook(checkNotebook(json))).cells[0].id).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("writeNotebook", () => {
  it("replaces the file and leaves no temporary file behind", async () => {
    const path = join(folder, "written.ipynb");
    await writeFile(path, "old");
    await writeNotebook(path, checkNotebook(notebookJson()));
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(notebookJson());
    expect((await readdir(folder)).filter((name) => name.includes("written"))).toEqual(["written.ipynb"]);
  });
});
