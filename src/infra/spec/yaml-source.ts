// A YAML text parsed with positions, so every problem can name the line of the key it is about.
import type { Node } from 'yaml';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { SpecProblem } from '../../shared/errors.js';

export interface YamlSource {
  /** The plain value (undefined when the YAML could not be read at all). */
  value: unknown;
  /** Syntax errors, each with its line. */
  problems: SpecProblem[];
  /** The file line of the key at `path` (or of the nearest parent that exists), 1-based. */
  lineOf(path: readonly PropertyKey[]): number;
  /** Whether the key at `path` is written in the file. */
  has(path: readonly PropertyKey[]): boolean;
}

/**
 * Parses `text` (which starts on line `firstLine` of `file`). Never throws: a YAML error becomes a
 * problem with its line; aliases that expand too much are refused.
 */
export function parseYamlSource(text: string, file: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1;
  const firstPerLine = doc.errors.filter(
    (e, i) => doc.errors.findIndex((f) => lineAt(f.pos[0]) === lineAt(e.pos[0])) === i,
  );
  const problems: SpecProblem[] = firstPerLine.map((e) => ({
    file,
    line: lineAt(e.pos[0]),
    field: '',
    message: `YAML syntax error: ${firstLineOf(e.message)}`,
    hint: yamlHint(e.code),
    severity: 'error',
  }));
  if (problems.length === 0) {
    visit(doc, {
      Pair(_, pair) {
        if (pair.key === null || isScalar(pair.key)) return undefined;
        const key = pair.key as Node;
        problems.push({
          file,
          line: key.range ? lineAt(key.range[0]) : firstLine,
          field: '',
          message: 'a key must be a plain name, not a list or mapping',
          hint: 'write `name: value`; quote a key that contains special characters',
          severity: 'error',
        });
        return visit.BREAK;
      },
    });
  }
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (error) {
      problems.push({
        file,
        line: firstLine,
        field: '',
        message: `cannot read the YAML: ${error instanceof Error ? firstLineOf(error.message) : String(error)}`,
        hint: 'write plain values instead of aliases (*name)',
        severity: 'error',
      });
    }
  }

  const locate = (path: readonly PropertyKey[]): { node: Node | null; found: boolean; line: number } => {
    let node = doc.contents as Node | null;
    let line = node?.range ? lineAt(node.range[0]) : firstLine;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) return { node, found: false, line };
        const key = pair.key as Node;
        line = key.range ? lineAt(key.range[0]) : line;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) return { node, found: false, line };
        line = item.range ? lineAt(item.range[0]) : line;
        node = item;
      } else {
        return { node, found: false, line };
      }
    }
    return { node, found: true, line };
  };

  return {
    value,
    problems,
    lineOf: (path) => locate(path).line,
    has: (path) => locate(path).found,
  };
}

function firstLineOf(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once; remove or merge the duplicate';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation and quote values that contain ": " or start with a special character';
    default:
      return 'check the YAML syntax on that line (quote values with special characters)';
  }
}
