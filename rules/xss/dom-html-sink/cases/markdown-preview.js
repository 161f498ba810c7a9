// A markdown editor with a live preview in an iframe, and a read-only viewer.
import MarkdownIt from 'markdown-it';

const editorMd = new MarkdownIt({ html: true, linkify: true });
const viewerMd = new MarkdownIt({ linkify: true, typographer: true });
const strictMd = new MarkdownIt('zero', { html: false });
const specMd = new MarkdownIt('commonmark');

export function mountPreview(editor, frame) {
  const doc = frame.contentDocument;
  doc.open();
  // ruleid: xss/dom-html-sink
  doc.write(`<link rel="stylesheet" href="/preview.css">${editorMd.render(editor.getValue())}`);
  doc.close();
}

export function showShared(frame, shared) {
  // ruleid: xss/dom-html-sink
  frame.contentWindow.document.body.innerHTML = editorMd.render(shared.source);
}

export function showComment(el, comment) {
  // ok: xss/dom-html-sink
  el.innerHTML = viewerMd.render(comment.body);
}

export function showTitle(el, post) {
  // ok: xss/dom-html-sink
  el.innerHTML = strictMd.renderInline(post.title);
}

export function showSpec(el, text) {
  // ruleid: xss/dom-html-sink
  el.innerHTML = specMd.render(text);
}

export function frameBanner(frame) {
  // ok: xss/dom-html-sink
  frame.contentDocument.write('<p class="banner">Preview</p>');
}
