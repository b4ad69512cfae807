/** A configuration problem the user must fix; the CLI prints the message and exits 1. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
