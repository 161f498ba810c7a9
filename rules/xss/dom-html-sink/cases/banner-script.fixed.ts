// A page script compiled by the bundler, with no imports or exports yet: a fix that needs
// DOMPurify adds the import (TypeScript is written with `import`).
import DOMPurify from 'dompurify';
const banner = document.querySelector<HTMLElement>('#banner');

function renderBanner(message: string) {
  // ruleid: xss/dom-html-sink
  banner!.innerHTML = DOMPurify.sanitize(`<p class="notice">${message}</p>`);
  // ok: xss/dom-html-sink
  banner!.innerHTML = `<p class="notice">${message.length} new messages</p>`;
}

function renderUpdated(updatedAt: string) {
  // ok: xss/dom-html-sink
  banner!.innerHTML = `<time>${new Date(updatedAt).toLocaleDateString()}</time>`;
}

fetch('/api/banner').then((r) => r.text()).then(renderBanner);
