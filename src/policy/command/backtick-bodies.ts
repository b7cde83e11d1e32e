/**
 * The bodies of backtick command substitutions in text the bash grammar left
 * as plain text (inside `${…}` and unquoted heredoc bodies): each unescaped
 * backtick opens a body that runs to the next unescaped one. An unclosed one
 * runs to the end, as bash reads it.
 */
export function backtickBodies(text: string): string[] {
  const bodies: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== '`') continue;
    if (start < 0) start = i + 1;
    else {
      bodies.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) bodies.push(text.slice(start));
  return bodies;
}
