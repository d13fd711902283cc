/**
 * A stable port for a task in `[from, to]`: a hash of the id picks the first candidate, then the next
 * free one (wrapping) so that no two tasks share one. Pure: `used` holds the other tasks' ports.
 * Returns undefined when the range is full.
 */
export function pickPort(
  id: string,
  range: { from: number; to: number },
  used: ReadonlySet<number>,
): number | undefined {
  const size = range.to - range.from + 1;
  if (size <= 0) return undefined;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const start = hash % size;
  for (let k = 0; k < size; k++) {
    const port = range.from + ((start + k) % size);
    if (!used.has(port)) return port;
  }
  return undefined;
}
