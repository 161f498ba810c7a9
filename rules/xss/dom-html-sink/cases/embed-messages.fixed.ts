// An embeddable help widget: the host page posts messages to it, and it renders snippets of
// server-provided HTML through DOMParser.
import DOMPurify from 'dompurify';

const panel = document.getElementById('help-panel')!;

// Any window that holds a reference to this one can post here: nothing checks who sent it.
window.addEventListener('message', (event: MessageEvent) => {
  // ruleid: xss/dom-html-sink
  panel.textContent = event.data.html;
  // ok: xss/dom-html-sink
  panel.textContent = event.data.title;
});

function onHostMessage(e: MessageEvent) {
  if (e.origin !== 'https://app.example.com') return;
  // ruleid: xss/dom-html-sink
  panel.insertAdjacentText('beforeend', e.data.notice);
  // ok: xss/dom-html-sink
  panel.insertAdjacentHTML('beforeend', DOMPurify.sanitize(e.data.notice));
}
window.addEventListener('message', onHostMessage);

self.onmessage = ({ data }) => {
  // ruleid: xss/dom-html-sink
  panel.innerHTML = DOMPurify.sanitize(`<p class="status">${data}</p>`);
};

export function showArticle(html: string) {
  const parser = new DOMParser();
  // ruleid: xss/dom-html-sink
  const doc = parser.parseFromString(DOMPurify.sanitize(html), 'text/html');
  panel.replaceChildren(...doc.body.childNodes);
}

export function showSanitizedArticle(html: string) {
  // ok: xss/dom-html-sink
  const doc = new DOMParser().parseFromString(DOMPurify.sanitize(html), 'text/html');
  panel.replaceChildren(...doc.body.childNodes);
}

export function importFirstSection(markup: string) {
  // ruleid: xss/dom-html-sink
  const parsed = new DOMParser().parseFromString(DOMPurify.sanitize(markup), 'text/html');
  const section = parsed.querySelector('section');
  if (section) panel.appendChild(document.importNode(section, true));
}

export function plainText(html: string): string {
  // Parsing alone runs nothing: reading text out of the parsed document is the usual way to strip tags.
  // ok: xss/dom-html-sink
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return doc.body.textContent ?? '';
}

export function readFeed(xml: string): string[] {
  // ok: xss/dom-html-sink
  const feed = new DOMParser().parseFromString(xml, 'application/xml');
  return [...feed.querySelectorAll('title')].map((t) => t.textContent ?? '');
}
