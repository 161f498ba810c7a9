// The cross-site scripting family, registered as one entry so that rules/index.ts stays a short shared file.

import domHtmlSink from './dom-html-sink/rule';
import frameworkRawHtml from './framework-raw-html/rule';
import htmlResponse from './html-response/rule';
import templateEscapingDisabled from './template-escaping-disabled/rule';
import unescapedTemplateOutput from './unescaped-template-output/rule';

export const xssRules = [
  domHtmlSink,
  frameworkRawHtml,
  htmlResponse,
  templateEscapingDisabled,
  unescapedTemplateOutput,
];
