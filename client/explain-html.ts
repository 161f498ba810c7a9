// Renders a rule's README as the explain view's HTML: offline (bundled markdown), raw HTML in the
// markdown disabled, a strict content security policy, and one nonce'd script that scrolls to the
// section about the library the finding is about. Pure, so it is tested without VS Code.

import MarkdownIt from 'markdown-it';

export interface ExplainHtmlOptions {
  /** The webview's CSP source (`webview.cspSource`). */
  cspSource: string;
  nonce: string;
  /** A heading to scroll to: the first heading that starts with this text (case-insensitive). */
  section?: string;
  /** Extra links shown above the doc, e.g. the course lesson in training mode. */
  links?: { label: string; href: string }[];
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
}

export function renderExplainHtml(markdown: string, options: ExplainHtmlOptions): string {
  const md = new MarkdownIt({ html: false, linkify: true });
  // Every heading gets an id so the view can scroll to it.
  md.renderer.rules.heading_open = (tokens, idx, opts, env, self) => {
    const inline = tokens[idx + 1];
    tokens[idx].attrSet('id', slug(inline?.content ?? ''));
    return self.renderToken(tokens, idx, opts);
  };
  const body = md.render(markdown);
  const target = options.section ? findHeading(markdown, options.section) : undefined;
  const links = (options.links ?? [])
    .map((l) => `<p class="link"><a href="${escapeAttr(l.href)}">${escapeText(l.label)}</a></p>`)
    .join('');
  const csp = `default-src 'none'; style-src ${options.cspSource} 'nonce-${options.nonce}'; script-src 'nonce-${options.nonce}'; img-src ${options.cspSource} data:;`;
  const script = target
    ? `<script nonce="${options.nonce}">document.getElementById(${JSON.stringify(slug(target))})?.scrollIntoView({block:'start'});</script>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${options.nonce}">
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);line-height:1.5;max-width:52rem;padding:0 1rem 3rem;color:var(--vscode-foreground)}
pre{background:var(--vscode-textCodeBlock-background);padding:.6rem;overflow-x:auto} code{font-family:var(--vscode-editor-font-family)}
a{color:var(--vscode-textLink-foreground)} h3{margin-top:1.6rem}
</style></head><body>${links}${body}${script}</body></html>`;
}

/** The text of the first `##`/`###` heading that starts with `section`. */
export function findHeading(markdown: string, section: string): string | undefined {
  const wanted = section.toLowerCase();
  for (const line of markdown.split('\n')) {
    const m = /^#{2,4}\s+(.+?)\s*$/.exec(line);
    if (m && m[1].toLowerCase().startsWith(wanted)) return m[1];
  }
  return undefined;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
