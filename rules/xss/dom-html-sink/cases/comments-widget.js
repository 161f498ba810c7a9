// A comments widget: reads the page URL and a JSON API, renders into the DOM.
import DOMPurify from 'dompurify';
import escapeHtml from 'escape-html';

const params = new URLSearchParams(location.search);

export function showSearchTerm() {
  const banner = document.getElementById('search-banner');
  // ruleid: xss/dom-html-sink
  banner.innerHTML = location.hash.slice(1);
  // ok: xss/dom-html-sink
  banner.textContent = location.hash.slice(1);
}

export function renderComment(list, comment) {
  const item = document.createElement('li');
  // ruleid: xss/dom-html-sink
  item.innerHTML = `<strong>${comment.author}</strong>: ${comment.body}`;
  // ok: xss/dom-html-sink
  item.innerHTML = `<strong>${escapeHtml(comment.author)}</strong>: ${escapeHtml(comment.body)}`;
  // ok: xss/dom-html-sink
  item.innerHTML = DOMPurify.sanitize(comment.bodyHtml);
  list.appendChild(item);
}

export function renderCount(counter, comments) {
  // ok: xss/dom-html-sink
  counter.innerHTML = `<span class="count">${comments.length}</span> comments`;
  // ok: xss/dom-html-sink
  counter.innerHTML = '';
}

export function addNotice(container, message) {
  // ruleid: xss/dom-html-sink
  container.insertAdjacentHTML('beforeend', message);
  // ok: xss/dom-html-sink
  container.insertAdjacentHTML('beforeend', '<hr class="divider">');
}

export function preview(frame, draft) {
  // ruleid: xss/dom-html-sink
  frame.srcdoc = '<html><body>' + draft + '</body></html>';
}

export function legacyBanner() {
  const name = params.get('name');
  // ruleid: xss/dom-html-sink
  document.write('<h1>Welcome back, ' + name + '</h1>');
  // ok: xss/dom-html-sink
  document.write('<p>Loading…</p>');
}

export function appendFragment(range, html) {
  // ruleid: xss/dom-html-sink
  const fragment = range.createContextualFragment(html);
  document.body.appendChild(fragment);
}

window.addEventListener('message', (event) => {
  const status = document.querySelector('#status');
  // ruleid: xss/dom-html-sink
  status.innerHTML = event.data;
});
