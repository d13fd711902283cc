// Whether an `accept` command can run in the repository: its program is on PATH or in
// node_modules/.bin, the script it names exists, the npm script it runs is in package.json. Reads the
// repository once per checker; answers "why not" in words a person can act on.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { TaskSpec } from '../../shared/task-spec.js';

type Command = TaskSpec['accept'][number];

const INTERPRETERS = new Set([
  'node',
  'bash',
  'sh',
  'zsh',
  'python',
  'python3',
  'deno',
  'bun',
  'tsx',
  'ruby',
]);
const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn']);
/** npm/pnpm/yarn subcommands that run no package.json script. */
const BUILTIN = new Set([
  'install',
  'i',
  'ci',
  'exec',
  'x',
  'dlx',
  'add',
  'ls',
  'list',
  'why',
  'version',
  'view',
]);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The words of a command; a shell string is split on spaces, leading `VAR=value` words dropped. */
function words(command: Command): string[] {
  const list = Array.isArray(command) ? [...command] : command.trim().split(/\s+/);
  while (list.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(list[0] ?? '')) list.shift();
  return list;
}

export function commandChecker(
  mainRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): (command: Command) => string | undefined {
  let pkg: { scripts: Record<string, string>; deps: Set<string> } | null | undefined;
  const packageJson = () => {
    if (pkg !== undefined) return pkg;
    try {
      const parsed = JSON.parse(readFileSync(join(mainRoot, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      pkg = {
        scripts: parsed.scripts ?? {},
        deps: new Set([
          ...Object.keys(parsed.dependencies ?? {}),
          ...Object.keys(parsed.devDependencies ?? {}),
        ]),
      };
    } catch {
      pkg = null;
    }
    return pkg;
  };
  const localBin = (name: string): boolean => isFile(join(mainRoot, 'node_modules', '.bin', name));
  const onPath = (name: string): boolean =>
    (env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && isFile(join(dir, name)));
  const repoFile = (path: string): boolean => existsSync(isAbsolute(path) ? path : join(mainRoot, path));

  return (command) => {
    const argv = words(command);
    const program = argv[0];
    if (program === undefined) return 'the command is empty';
    if (PACKAGE_MANAGERS.has(program)) {
      const sub = argv[1];
      if (sub === undefined || BUILTIN.has(sub)) return undefined;
      const script =
        sub === 'test' || sub === 't'
          ? 'test'
          : sub === 'run' || sub === 'run-script'
            ? argv[2]
            : program === 'yarn' || program === 'pnpm'
              ? sub
              : undefined;
      if (script === undefined) return undefined;
      const p = packageJson();
      if (p === null) return `\`${program} ${sub}\` needs a package.json, and the repository has none`;
      if (!(script in p.scripts)) {
        const known = Object.keys(p.scripts).sort();
        return `package.json has no "${script}" script (it has: ${known.join(', ') || 'none'})`;
      }
      return undefined;
    }
    if (program === 'npx') {
      const bin = argv.slice(1).find((w) => !w.startsWith('-'));
      if (bin === undefined) return undefined;
      const p = packageJson();
      if (localBin(bin) || p?.deps.has(bin)) return undefined;
      return `\`npx ${bin}\`: ${bin} is not installed in the repository (npx would download it, or fail offline)`;
    }
    if (program.includes('/')) return repoFile(program) ? undefined : `${program} does not exist`;
    if (INTERPRETERS.has(program)) {
      const script = argv.slice(1).find((w) => !w.startsWith('-'));
      const looksLikeFile = script !== undefined && (script.includes('/') || /\.[a-z]{1,4}$/i.test(script));
      if (looksLikeFile && argv[1] === script && !repoFile(script)) return `${script} does not exist`;
    }
    if (onPath(program) || localBin(program)) return undefined;
    return `${program} is not on PATH or in node_modules/.bin`;
  };
}
