// Text as a person reads it: tool output without the terminal's escape sequences.

// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/** `text` without ANSI colour/cursor sequences (CSI) and terminal titles/links (OSC). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
