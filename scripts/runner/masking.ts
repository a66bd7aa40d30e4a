/**
 * What legitimately varies between two runs of the same notebook, masked out of output text
 * before a regression comparison: timings, timestamps, progress bars, stack frames (they name
 * install paths and Node internals) and the `seqlab backend:` line (it depends on the machine).
 */

/** Lines left out of the comparison altogether. */
const DROPPED_LINES: readonly RegExp[] = [
  /^\s+at \S.*$/, // a stack frame: "    at Object.execute (/abs/path/executor.js:160:38)"
  /seqlab backend:/,
];

/** Text replaced by a placeholder, in this order. */
const PLACEHOLDERS: readonly [pattern: RegExp, placeholder: string][] = [
  // ISO 8601 timestamps: 2024-05-01T12:34:56.789Z, 2024-05-01 12:34
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<timestamp>"],
  // clock times: 12:34:56
  [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, "<time>"],
  // rates: 12.3 it/s, 450 samples/s, 1.2 s/step, 45 ms/step
  [/\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\s?(?:[a-z]+\/s|(?:ns|µs|us|ms|s)\/[a-z]+)\b/gi, "<rate>"],
  // durations: 12.3s, 45 ms, 2 min, 1.5 hours
  [/\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\s?(?:ns|µs|us|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)\b/gi, "<duration>"],
  // progress bars: ████▌, [=====>    ]
  [/[█▉▊▋▌▍▎▏░▒▓━]+/g, "<bar>"],
  [/\[[=>#.\- ]{5,}\]/g, "[<bar>]"],
];

/** Lines that state how long something took: every number on them is masked. */
const TIMING_LINE = /\b(?:elapsed|ETA)\b/i;

/** Masks one output text for comparison (line ends normalised, trailing spaces dropped). */
export function maskVariableText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !DROPPED_LINES.some((pattern) => pattern.test(line)))
    .map((line) => {
      let masked = PLACEHOLDERS.reduce((current, [pattern, placeholder]) => current.replace(pattern, placeholder), line);
      if (TIMING_LINE.test(masked)) masked = masked.replace(/\d+(?:\.\d+)?/g, "<n>");
      return masked.trimEnd();
    })
    .join("\n");
}
