// Rendered markdown is markup: writing it as text would show its tags, so the fix sanitizes it
// instead of switching to textContent / .text().
import snarkdown from 'snarkdown';
import DOMPurify from 'dompurify';

export function showHint(textBox, hint) {
  // ruleid: xss/dom-html-sink
  textBox.innerHTML = DOMPurify.sanitize(snarkdown(hint.text));
}

export function renderPreview(val, txt) {
  const converter = new showdown.Converter();
  // ruleid: xss/dom-html-sink
  $(val).html(DOMPurify.sanitize(converter.makeHtml(txt)));
}
