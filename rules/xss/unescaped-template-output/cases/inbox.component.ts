// An inbox component with its template inline: the preview is marked trusted in the binding.
import { Component, Input } from '@angular/core';
import { NgFor } from '@angular/common';
import { DomSanitizer } from '@angular/platform-browser';

interface Message { from: string; preview: string; subjectHtml: string }

@Component({
  selector: 'app-inbox',
  standalone: true,
  imports: [NgFor],
  template: `
    <ul class="inbox">
      <li *ngFor="let m of messages">
        <strong>{{ m.from }}</strong>
        <!-- ruleid: xss/unescaped-template-output -->
        <span class="preview" [innerHTML]="sanitizer.bypassSecurityTrustHtml(m.preview)"></span>
        <!-- ok: xss/unescaped-template-output -->
        <span class="subject" [innerHTML]="m.subjectHtml"></span>
      </li>
    </ul>
  `,
})
export class InboxComponent {
  @Input() messages: Message[] = [];
  constructor(public sanitizer: DomSanitizer) {}
}
