// A profile page in React: the bio is user-written text, the "about" block is CMS markup.
import React from 'react';
import DOMPurify from 'dompurify';

interface Profile { name: string; bio: string; aboutHtml: string }

export function Bio({ profile }: { profile: Profile }) {
  return (
    <section>
      <h2>{profile.name}</h2>
      {/* ruleid: xss/framework-raw-html */}
      <p className="bio">{profile.bio}</p>
    </section>
  );
}

export function About({ profile }: { profile: Profile }) {
  // ruleid: xss/framework-raw-html
  return <div className="about" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(`<h3>About</h3>${profile.aboutHtml}`) }} />;
}

export function SafeAbout({ profile }: { profile: Profile }) {
  // ok: xss/framework-raw-html
  return <div className="about" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(profile.aboutHtml) }} />;
}

const FOOTER = '<small>&copy; Example Corp</small>';

export function Footer() {
  // ok: xss/framework-raw-html
  return <footer dangerouslySetInnerHTML={{ __html: FOOTER }} />;
}

export function Legacy(props: { html: string }) {
  // ruleid: xss/framework-raw-html
  return React.createElement('div', { dangerouslySetInnerHTML: { __html: DOMPurify.sanitize(props.html) } });
}
