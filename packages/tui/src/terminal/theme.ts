/**
 * Styles used by every view. Colours go through a Theme so NO_COLOR (or a dumb terminal) turns
 * them off in one place; bold, dim, italic and reverse stay (NO_COLOR is about colour only).
 */

export type Style = (text: string) => string;

export type Theme = {
  color: boolean;
  bold: Style;
  dim: Style;
  italic: Style;
  underline: Style;
  reverse: Style;
  red: Style;
  green: Style;
  yellow: Style;
  blue: Style;
  magenta: Style;
  cyan: Style;
  gray: Style;
  /** The composer / user-message background. */
  userBg: Style;
};

function sgr(open: string, close: string): Style {
  return (text) => (text.length === 0 ? text : `\x1b[${open}m${text}\x1b[${close}m`);
}

const plain: Style = (text) => text;

export function createTheme(options: { color: boolean }): Theme {
  const c = options.color;
  return {
    color: c,
    bold: sgr("1", "22"),
    dim: sgr("2", "22"),
    italic: sgr("3", "23"),
    underline: sgr("4", "24"),
    reverse: sgr("7", "27"),
    red: c ? sgr("31", "39") : plain,
    green: c ? sgr("32", "39") : plain,
    yellow: c ? sgr("33", "39") : plain,
    blue: c ? sgr("34", "39") : plain,
    magenta: c ? sgr("35", "39") : plain,
    cyan: c ? sgr("36", "39") : plain,
    gray: c ? sgr("90", "39") : sgr("2", "22"),
    userBg: plain,
  };
}

/** Colour is on unless NO_COLOR is set (to anything non-empty) or TERM is `dumb`. */
export function colorFromEnv(env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return true;
}
