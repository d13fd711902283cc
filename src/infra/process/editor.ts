// Lets a person edit a short text in their own editor, as git does: $GIT_EDITOR is git's, so $VISUAL,
// else $EDITOR, run by the shell (the user's own command line) with the file's path as its argument
// ("$1": grove puts nothing into the command text).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function editorCommand(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.VISUAL || env.EDITOR || undefined;
}

/** The text after the person saved and left the editor; undefined when there is no editor or it failed. */
export async function editText(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const command = editorCommand(env);
  if (command === undefined) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'grove-edit-'));
  const file = join(dir, 'LESSON.txt');
  try {
    await writeFile(file, `${text}\n`);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('sh', ['-c', `${command} "$1"`, 'grove-editor', file], { stdio: 'inherit', env });
      child.on('error', () => resolve(127));
      child.on('close', (c) => resolve(c));
    });
    return code === 0 ? await readFile(file, 'utf8') : undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
