/**
 * Runs notebooks headlessly on the tslab kernel and checks them against their committed outputs.
 *
 *   npx tsx scripts/run-notebooks.ts notebooks            regression check of every notebook
 *   npx tsx scripts/run-notebooks.ts --write notebooks/03-gru.ipynb    re-record its outputs
 *
 * See USAGE in runner/cli.ts for every option.
 */
import { runAsProcess } from "./command_line";
import { main } from "./runner/cli";
import { killKernelsWhenProcessEnds } from "./runner/kernel";

killKernelsWhenProcessEnds();

runAsProcess(() => main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }));
