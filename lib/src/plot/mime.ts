// The MIME types of the kit's interactive charts, one home for lib, the notebook runner and the tests.

/** A vega-lite spec: JupyterLab and VS Code draw it natively. */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** A plotly figure: JupyterLab (with the `plotly` wheel's extension), VS Code and nbviewer draw it. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
