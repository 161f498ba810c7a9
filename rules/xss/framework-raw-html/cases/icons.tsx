// An icon component backed by a table of the author's own SVG strings.
import React from 'react';

const ICONS = {
  plus: '<svg viewBox="0 0 16 16"><path d="M7 3h2v4h4v2H9v4H7V9H3V7h4z"/></svg>',
  minus: '<svg viewBox="0 0 16 16"><path d="M3 7h10v2H3z"/></svg>',
} as const;

const userIcons: Record<string, string> = {};

export function registerIcon(name: string, svg: string) {
  userIcons[name] = svg;
}

export function Icon({ name }: { name: keyof typeof ICONS }) {
  // ok: xss/framework-raw-html
  return <i className="icon" dangerouslySetInnerHTML={{ __html: ICONS[name] }} />;
}

export function UserIcon({ name }: { name: string }) {
  // ruleid: xss/framework-raw-html
  return <i className="icon" dangerouslySetInnerHTML={{ __html: userIcons[name] }} />;
}
