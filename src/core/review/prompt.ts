// The prompt that resumes the agent's session after a person requested changes: the message and each
// line comment with its file:line and the quoted code, so the agent needs no diff to find it.

export interface ReviewPromptInput {
  message: string;
  comments: ReadonlyArray<{ file: string; line: number; quoted: string; text: string }>;
  /** Which round of review this is (1 for the first request for changes). */
  round: number;
}

export function buildReviewPrompt(input: ReviewPromptInput): string {
  const lines = [
    `A person reviewed your change and requests changes (review round ${input.round}).`,
    '',
    input.message.trim(),
  ];
  if (input.comments.length > 0) {
    lines.push('', 'Comments on your diff:');
    for (const c of input.comments) {
      lines.push('', `${c.file}:${c.line}`, `> ${c.quoted}`, c.text.trim());
    }
  }
  lines.push(
    '',
    'Address every comment in this session, commit your work, and finish as before; your gates run again and the change goes back to review.',
  );
  return lines.join('\n');
}
