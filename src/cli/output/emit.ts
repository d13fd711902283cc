// The one output helper every command prints its result through: the value as JSON under `--json`,
// the human text otherwise. Errors never come here: they are thrown and printed by handle-error.ts.
export interface EmitOptions<T> {
  json: boolean | undefined;
  /** The text for a person; one trailing newline is added when it lacks one. */
  human: (value: T) => string;
  /** What to print under `--json` when it is not the value itself. */
  toJson?: (value: T) => unknown;
  /** Pretty-print the JSON (for arrays and reports a person may read); default one line. */
  pretty?: boolean;
  out?: NodeJS.WritableStream;
}

export function emit<T>(value: T, options: EmitOptions<T>): void {
  const out = options.out ?? process.stdout;
  if (options.json) {
    out.write(
      `${JSON.stringify(options.toJson ? options.toJson(value) : value, null, options.pretty ? 2 : undefined)}\n`,
    );
    return;
  }
  const text = options.human(value);
  if (text === '') return;
  out.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** One line of a stream of events (`--json` lines, or text lines). */
export function emitLine<T>(value: T, json: boolean | undefined, human: (value: T) => string): void {
  emit(value, { json, human });
}
