/** At most this many denials are kept per attempt (the first ones: later ones tend to repeat them). */
const MAX_DENIALS = 20;
const MAX_LINE = 300;

/**
 * What the sandbox refused an attempt, for its report: the proxy's refusals (sandbox-runtime's
 * violation lines), and the agent's stderr lines in which the kernel's answer shows through (a write
 * outside the allowed folders fails with "Read-only file system"; a hidden folder reads as missing, so
 * a "No such file" naming one counts too). bubblewrap itself reports nothing.
 */
export class DenialCollector {
  private readonly found: string[] = [];
  private partial = '';

  constructor(private readonly hidden: readonly string[]) {}

  noteViolation(line: string): void {
    this.add(`network: ${line.trim()}`);
  }

  noteStderr(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) this.noteLine(line);
  }

  /** Every denial seen (the last stderr line included, even without its newline). */
  list(): string[] {
    if (this.partial) {
      this.noteLine(this.partial);
      this.partial = '';
    }
    return [...this.found];
  }

  private noteLine(raw: string): void {
    const line = raw.trim();
    if (isDenialLine(line, this.hidden)) this.add(line);
  }

  private add(line: string): void {
    const cut = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    if (this.found.length < MAX_DENIALS && !this.found.includes(cut)) this.found.push(cut);
  }
}

const DENIED =
  /Read-only file system|EROFS|Operation not permitted|EPERM|blocked-by-sandbox-runtime|not on the allow ?list|Connection blocked by network allowlist/i;
const MISSING = /No such file or directory|ENOENT|Permission denied|EACCES/i;

/** True when a line of an agent's stderr shows the sandbox refusing it something. */
export function isDenialLine(line: string, hidden: readonly string[]): boolean {
  if (line === '') return false;
  if (DENIED.test(line)) return true;
  return MISSING.test(line) && hidden.some((h) => line.includes(h));
}
