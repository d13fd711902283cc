// A lesson edited in the person's own editor (`grove retro`'s e key): $VISUAL, else $EDITOR.
import { editText } from '../../infra/process/editor.js';

/** The edited text; undefined when no editor is set or it failed (the caller asks on a line instead). */
export function editLesson(text: string): Promise<string | undefined> {
  return editText(text);
}
