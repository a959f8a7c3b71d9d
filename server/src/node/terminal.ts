/**
 * Text for a terminal. Source files and their names are written by others: an
 * escape sequence in a title or a file name must not recolour, retitle or
 * hyperlink the writer's terminal, nor a line break forge another line of the
 * report. Control characters become visible `\xNN` escapes.
 */
export function printable(s: string): string {
  // C0 controls except tab, DEL, C1 controls, and the line and paragraph separators.
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
