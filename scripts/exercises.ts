/**
 * Checks a learner's answers to the notebooks' exercises, headlessly, without writing anything.
 *
 *   npm run exercises                                   every notebook under notebooks/
 *   npm run exercises -- notebooks/09-transformer.ipynb one notebook
 *   npm run exercises -- --solutions --expect solved    CI: the kit's answers pass every check
 *
 * See USAGE in runner/exercises_cli.ts for every option.
 */
import { runAsProcess } from "./command_line";
import { main } from "./runner/exercises_cli";
import { killKernelsWhenProcessEnds } from "./runner/kernel";

killKernelsWhenProcessEnds();

runAsProcess(() => main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }));
