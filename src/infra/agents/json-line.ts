// Agents print one JSON object per line, mixed with whatever else a CLI writes to its output.

/** The JSON value of an output line that holds an object, or undefined for any other line. */
export function readJsonObjectLine(raw: string): unknown {
  const text = raw.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
