/** Why a notebook cannot be exported as a script: one line, shown after the notebook's path. */
export class ExportError extends Error {}
