import * as fs from "node:fs";
import { escapeHtml } from "./html";

/** Where plotly.js comes from when no local copy is installed (the page then needs the network). */
const PLOTLY_CDN = "https://cdn.plot.ly/plotly-3.1.0.min.js";

/**
 * A plotly figure as a web page that opens by itself in a browser: the figure's JSON and, when
 * `plotly.js-dist-min` is installed (it is in this kit), the whole plotly.js script inline, so the
 * file works offline. Used outside a kernel, where a chart is written to `charts/NAME.html`.
 */
export function plotlyPage(title: string, figure: unknown): string {
  const script = localPlotlyScript();
  const scriptTag = script === undefined ? `<script src="${PLOTLY_CDN}"></script>` : `<script>${script}</script>`;
  // "</" inside inline JSON would end the script element early
  const figureJson = JSON.stringify(figure).replace(/<\//g, "<\\/");
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
${scriptTag}
</head>
<body>
<div id="chart"></div>
<script>
const figure = ${figureJson};
Plotly.newPlot("chart", figure.data, figure.layout, { responsive: true });
</script>
</body>
</html>
`;
}

/** plotly.js-dist-min's script, looked up from this package and from the working directory. */
function localPlotlyScript(): string | undefined {
  for (const from of [__dirname, process.cwd()]) {
    try {
      return fs.readFileSync(require.resolve("plotly.js-dist-min", { paths: [from] }), "utf8");
    } catch {
      // not installed where this folder can see it
    }
  }
  return undefined;
}
