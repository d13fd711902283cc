// Splits a task file into its YAML front matter and Markdown body.

export type FrontMatterSplit =
  | {
      kind: 'ok';
      yaml: string;
      body: string;
      /** 1-based line of the first YAML line. */ yamlStartLine: number;
    }
  | { kind: 'missing' }
  | { kind: 'unterminated' };

export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') return { kind: 'missing' };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end === -1) return { kind: 'unterminated' };
  return {
    kind: 'ok',
    yaml: lines.slice(1, end).join('\n'),
    body: lines
      .slice(end + 1)
      .join('\n')
      .replace(/^\n+/, ''),
    yamlStartLine: 2,
  };
}
