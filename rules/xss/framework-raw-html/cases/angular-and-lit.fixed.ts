// An Angular component and a lit element that show a message coming from the server.
import { Component, Input } from '@angular/core';
import { DomSanitizer, SafeHtml } from '@angular/platform-browser';
import { LitElement, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import Handlebars from 'handlebars';
import DOMPurify from 'dompurify';

@Component({ selector: 'app-message', template: '<div [innerHTML]="body"></div>' })
export class MessageComponent {
  @Input() text = '';
  body: SafeHtml = '';
  constructor(private sanitizer: DomSanitizer) {}

  ngOnChanges(): void {
    // ruleid: xss/framework-raw-html
    this.body = this.sanitizer.bypassSecurityTrustHtml(DOMPurify.sanitize(this.text));
    // ok: xss/framework-raw-html
    this.body = this.sanitizer.bypassSecurityTrustHtml('<b>Welcome</b>');
  }
}

export class Toast extends LitElement {
  message = '';
  render() {
    // ruleid: xss/framework-raw-html
    return html`<div class="toast">${this.message}</div>`;
  }
  renderPlain() {
    // ok: xss/framework-raw-html
    return html`<div class="toast">${this.message}</div>`;
  }
}

Handlebars.registerHelper('link', (text: string, url: string) => {
  // ruleid: xss/framework-raw-html
  return new Handlebars.SafeString(`<a href="${Handlebars.escapeExpression(url)}">${Handlebars.escapeExpression(text)}</a>`);
});

Handlebars.registerHelper('safeLink', (text: string, url: string) => {
  const t = Handlebars.escapeExpression(text);
  const u = Handlebars.escapeExpression(url);
  // ok: xss/framework-raw-html
  return new Handlebars.SafeString(`<a href="${u}">${t}</a>`);
});
