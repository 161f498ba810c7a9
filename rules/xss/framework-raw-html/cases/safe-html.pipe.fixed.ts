// The project's "safe HTML" pipe: every template that writes `[innerHTML]="x | safeHtml"` gets x
// unsanitized. The bypass is reported here, once, where one fix covers every use of the pipe.
import { Pipe, PipeTransform } from '@angular/core';
import { DomSanitizer, SafeHtml, SafeResourceUrl } from '@angular/platform-browser';
import DOMPurify from 'dompurify';

@Pipe({ name: 'safeHtml', standalone: true })
export class SafeHtmlPipe implements PipeTransform {
  constructor(private sanitizer: DomSanitizer) {}

  transform(value: string): SafeHtml {
    // ruleid: xss/framework-raw-html
    return this.sanitizer.bypassSecurityTrustHtml(DOMPurify.sanitize(value));
  }
}

@Pipe({ name: 'embedUrl', standalone: true })
export class EmbedUrlPipe implements PipeTransform {
  constructor(private sanitizer: DomSanitizer) {}

  transform(videoId: string): SafeResourceUrl {
    // ruleid: xss/framework-raw-html
    return this.sanitizer.bypassSecurityTrustResourceUrl(`https://www.youtube-nocookie.com/embed/${videoId}`);
  }

  statusPage(): SafeResourceUrl {
    // ok: xss/framework-raw-html
    return this.sanitizer.bypassSecurityTrustResourceUrl('https://status.example.com/embed');
  }
}
