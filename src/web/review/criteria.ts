// The spec's Markdown body split for the review page: the goal (the text before the acceptance section)
// and the acceptance criteria (the list items of a heading that names acceptance). Pure.

export interface SpecParts {
  goal: string;
  criteria: string[];
}

const ACCEPT_HEADING = /^#{1,6}\s+.*accept/i;

export function specParts(body: string): SpecParts {
  const lines = body.split('\n');
  const at = lines.findIndex((l) => ACCEPT_HEADING.test(l));
  if (at === -1) return { goal: body.trim(), criteria: [] };
  const criteria: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (/^#{1,6}\s/.test(line)) break;
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/.exec(line);
    if (item) criteria.push(item[1]!.trim());
    else if (criteria.length > 0 && /^\s{2,}\S/.test(line))
      criteria[criteria.length - 1] += ` ${line.trim()}`;
  }
  return { goal: lines.slice(0, at).join('\n').trim(), criteria };
}
