// Counters typed as numbers by TypeScript are never markup.
import DOMPurify from 'dompurify';
export function renderCounts(total: number, flagged: number | undefined, note: string, el: HTMLElement, notes: HTMLElement): void {
  // ok: xss/dom-html-sink
  el.innerHTML = `<b>${total}</b> items, ${flagged ?? 0} flagged`;
  // ruleid: xss/dom-html-sink
  notes.innerHTML = DOMPurify.sanitize(`<i>${note}</i>`);
}
