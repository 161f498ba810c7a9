// Unread counters pushed by the notification socket.
type Push = { unread: unknown; label: string };

export function showUnread(push: Push, badge: HTMLElement, title: HTMLElement): void {
  // ok: xss/dom-html-sink
  badge.innerHTML = String(Math.min(Number(push.unread) || 0, 99));
  // ruleid: xss/dom-html-sink
  title.innerHTML = `${push.label} (${Math.min(Number(push.unread) || 0, 99)})`;
}
