// Inline code in finding messages. Rules write code spans as Markdown (`pool.query`); each view
// renders them for what it can show: Markdown views (hover) keep them, HTML (the report) turns them
// into <code>, and plain-text views (the Problems panel, terminal output) quote them the way the
// TypeScript compiler quotes names in its own messages ('pool.query'), never with raw backticks.

/** `x` → 'x': for views that show plain text only (VS Code's Problems panel, related information). */
export function plainInlineCode(message: string): string {
  return message.replace(/`([^`\n]+)`/g, "'$1'");
}

/** An already HTML-escaped message with its `x` spans as <code>x</code>. */
export function htmlInlineCode(escapedHtml: string): string {
  return escapedHtml.replace(/`([^`\n]+)`/g, '<code>$1</code>');
}
