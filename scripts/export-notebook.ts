/**
 * Writes a notebook as a TypeScript file that runs outside Jupyter with `npx tsx`, so a lesson,
 * or one cell with what it needs, can be copied into another project.
 *
 *   npm run export -- notebooks/04-gru.ipynb                 writes 04-gru.mts
 *   npm run export -- notebooks/04-gru.ipynb --cell 14 -o ../my-project/train.mts
 *
 * See USAGE in export/cli.ts for every option.
 */
import { runAsProcess } from "./command_line";
import { main } from "./export/cli";

runAsProcess(() =>
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.env["INIT_CWD"] ?? process.cwd() }),
);
