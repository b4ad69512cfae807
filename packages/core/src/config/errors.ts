/** A configuration problem the user must fix; the CLI prints `report` and exits 1. */
export class ConfigError extends Error {
  override name = "ConfigError";
  /** What to print: `Error: <message>`, or a text of its own (the --strict-config report). */
  readonly report: string;

  constructor(message: string, options: { report?: string } = {}) {
    super(message);
    this.report = options.report ?? `Error: ${message}`;
  }
}
