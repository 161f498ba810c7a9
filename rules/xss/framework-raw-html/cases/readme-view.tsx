// Renders README files fetched from the user's repository, memoised per source text.
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import React, { useMemo } from 'react';

export function Readme({ markdown }: { markdown: string }) {
  const html = useMemo(() => ({ __html: marked.parse(markdown) as string }), [markdown]);
  // ruleid: xss/framework-raw-html
  return <div className="readme" dangerouslySetInnerHTML={html} />;
}

export function SanitizedReadme({ markdown }: { markdown: string }) {
  const html = useMemo(() => sanitizeHtml(marked.parse(markdown) as string), [markdown]);
  // ok: xss/framework-raw-html
  return <div className="readme" dangerouslySetInnerHTML={{ __html: html }} />;
}

const FOOTER = { __html: '<small>Rendered by <b>readme-view</b></small>' };

export function Footer() {
  // ok: xss/framework-raw-html
  return <footer dangerouslySetInnerHTML={FOOTER} />;
}
