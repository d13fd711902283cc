/**
 * Quoting for the one shell OpenSSH always goes through: the remote login shell gets the command as a
 * single string. Every word grove sends is single-quoted (POSIX sh, bash, dash, zsh all agree on it).
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a NUL byte cannot be passed to a remote command');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line of quoted words. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * A folder from config (`/abs/path` or `~/rest`) as a shell word: `~/` becomes the remote `$HOME`
 * (a quoted `~` would not expand), the rest stays quoted.
 */
export function remotePath(path: string): string {
  if (path === '~') return '"$HOME"';
  if (path.startsWith('~/')) return `"$HOME"/${shellQuote(path.slice(2) || '.')}`;
  return shellQuote(path);
}
