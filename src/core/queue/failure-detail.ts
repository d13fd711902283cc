// One line for a person about a failed queue test (`grove queue`, the dashboard's queue panel): the
// command, the last lines of its output, and the fingerprint that tells repeats apart.

const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function queueFailureDetail(
  f: { command: string; outputTail: string; fingerprint: string },
  maxChars = 240,
): string {
  const lines = f.outputTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('[… earlier output omitted'));
  const said = lines.slice(-2).join(' ⏎ ');
  const what = f.command ? `\`${f.command}\` failed` : 'the queue test failed';
  return clip(`${what}${said ? `: ${said}` : ''} (${f.fingerprint})`, maxChars);
}
