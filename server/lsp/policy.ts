// The language server's side of team configs: which policy applies to an open document, config
// errors as diagnostics on the paved-road.json line, the baseline, the "suppress with a reason"
// code action and the posture summary. LSP wiring only: loading and meaning live in server/config.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleById } from '../../rules';
import { baselineKey, isLoosening, type Loosening, type Policy } from '../config/load';
import { buildPosture, formatPostureMarkdown, postureLine, type Posture } from '../config/posture';
import { BaselineCache, PolicyResolver } from '../config/resolve';
import type { SecretMask } from '../engine/mask';
import type { SuppressedFinding } from '../engine/suppressions';
import type { Finding, Level } from '../engine/types';

export const POSTURE_REQUEST = 'pavedRoad/posture';

export interface PostureResponse {
  line: string;
  markdown: string;
  findings: number;
  /** Rules loosened plus declared loosenings (knowledge, ignores, baseline). */
  loosened: number;
  /** Findings the declared loosenings hid in the open documents. */
  silencedByDeclared: number;
  suppressed: number;
  baselined: number;
  configErrors: number;
}

/** What the posture needs from one analysed document. */
export interface DocumentPosture {
  file: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  baselined: number;
  policy: Policy;
  settingsRules: Record<string, Level>;
  /** Per loosening key: what the team's declarations hid in this document (AnalysisResult.silenced). */
  silenced?: Record<string, number>;
}

export class EditorPolicies {
  private resolver = new PolicyResolver();
  private baselines = new BaselineCache();
  /** Config files we published problems for, with what we published (to clear them when fixed). */
  private readonly published = new Map<string, string>();

  constructor(private readonly connection: Connection) {}

  policyFor(file: string): Policy {
    const policy = this.resolver.policyFor(file);
    this.publishProblems();
    return policy;
  }

  isIgnored(file: string, policy: Policy): boolean {
    return this.resolver.isIgnored(file, policy);
  }

  /** A config or baseline changed on disk: forget everything (one cache, dropped as a whole). */
  clear(): void {
    this.resolver = new PolicyResolver();
    this.baselines.clear();
  }

  /** The resolver, for the workspace scan (same configs as the open documents). */
  get forScan(): PolicyResolver {
    return this.resolver;
  }

  /** Findings a baseline named by the document's config records are not shown. */
  applyBaseline(
    policy: Policy,
    file: string,
    text: string,
    findings: Finding[],
  ): { findings: Finding[]; baselined: Finding[] } {
    if (!policy.baseline) return { findings, baselined: [] };
    const matcher = this.baselines.get(policy.baseline);
    if ('error' in matcher) {
      this.connection.console.error(matcher.error);
      return { findings, baselined: [] };
    }
    return matcher.split(file, text, findings);
  }

  /** Config errors as diagnostics on the config file itself (the line that is wrong). */
  publishProblems(): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const policy of this.resolver.loaded()) {
      for (const p of policy.errors) {
        if (p.file.startsWith('paved-road:')) continue;
        const lineText = lineOfFile(p.file, p.line);
        byFile.set(p.file, [
          ...(byFile.get(p.file) ?? []),
          {
            range: {
              start: { line: p.line - 1, character: p.column - 1 },
              end: { line: p.line - 1, character: Math.max(p.column, lineText.length) },
            },
            severity: DiagnosticSeverity.Error,
            source: 'paved-road',
            code: 'config',
            message: `${p.message} (Paved Road keeps the secure defaults for the files this config covers until this is fixed.)`,
          },
        ]);
      }
    }
    const next = new Map<string, string>();
    for (const [file, diagnostics] of byFile) next.set(pathToFileURL(file).href, JSON.stringify(dedupe(diagnostics)));
    for (const uri of this.published.keys())
      if (!next.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, json] of next)
      if (this.published.get(uri) !== json)
        void this.connection.sendDiagnostics({ uri, diagnostics: JSON.parse(json) as Diagnostic[] });
    this.published.clear();
    for (const [uri, json] of next) this.published.set(uri, json);
  }

  /** The posture of the open documents and the workspace folders' configs. */
  /** `mask` (mask.ts) is applied to the posture before it is formatted: markdown escaping would hide a secret from it after. */
  posture(documents: DocumentPosture[], roots: string[], mask?: SecretMask): PostureResponse {
    for (const root of roots) {
      const config = this.resolver.configFileFor(root);
      if (config) this.resolver.policyOf(config);
    }
    const extra: Loosening[] = [];
    for (const d of documents) {
      for (const [id, level] of Object.entries(d.settingsRules)) {
        const rule = ruleById(id);
        if (rule && isLoosening(level, rule.meta.severity))
          extra.push({
            ruleId: id,
            level,
            defaultLevel: rule.meta.severity,
            reason: '',
            file: '(editor setting pavedRoad.rules)',
            line: 0,
          });
      }
    }
    const built: Posture = buildPosture({
      policies: this.resolver.loaded(),
      findings: documents.flatMap((d) => d.findings),
      suppressed: documents.flatMap((d) => d.suppressed.map((s) => ({ ...s, file: d.file }))),
      baselined: documents.reduce((n, d) => n + d.baselined, 0),
      extraLoosenings: extra,
      silenced: sumSilenced(documents),
    });
    const posture = mask ? mask.applyDeep(built) : built;
    const base = roots[0] ?? process.cwd();
    return {
      line: postureLine(posture),
      markdown: formatPostureMarkdown(posture, base),
      findings: posture.findings.total,
      loosened: posture.loosenings.length + posture.declared.length,
      silencedByDeclared: posture.declared.reduce((n, d) => n + (d.kind === 'ignore' ? 0 : d.silenced), 0),
      suppressed: posture.suppressions.length,
      baselined: posture.baselined,
      configErrors: posture.configErrors.length,
    };
  }
}

/** What each loosening hid, over the open documents (a document's baseline counted against its baseline file). */
function sumSilenced(documents: readonly DocumentPosture[]): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (key: string, n: number): void => {
    if (n) out[key] = (out[key] ?? 0) + n;
  };
  for (const d of documents) {
    for (const [key, n] of Object.entries(d.silenced ?? {})) add(key, n);
    if (d.policy.baseline) add(baselineKey(d.policy.baseline), d.baselined);
  }
  return out;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.character}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function lineOfFile(file: string, line: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
  } catch {
    return '';
  }
}

/** The comment that suppresses a finding on `lineText`, in the syntax of the file it is in. */
export function suppressionComment(file: string, lineText: string, ruleId: string, reason: string): string {
  const ext = path.extname(file).toLowerCase();
  const body = `paved-road-ignore-next-line ${ruleId} -- ${reason}`;
  const trimmed = lineText.trimStart();
  if (ext === '.ejs') return `<%# ${body} %>`;
  if (ext === '.hbs' || ext === '.handlebars' || ext === '.mustache') return `{{!-- ${body} --}}`;
  if (ext === '.njk' || ext === '.nunjucks') return `{# ${body} #}`;
  if (ext === '.pug' || ext === '.jade') return `//- ${body}`;
  if (ext === '.vue' || ext === '.svelte' || ext === '.html')
    return trimmed.startsWith('<') ? `<!-- ${body} -->` : `// ${body}`;
  // Inside JSX children a // comment would be rendered as text.
  if ((ext === '.jsx' || ext === '.tsx') && /^[<{]/.test(trimmed)) return `{/* ${body} */}`;
  return `// ${body}`;
}

/**
 * "Suppress with a reason": inserts the comment above the finding's line. With snippet support
 * the cursor lands on the (empty) reason; without it the reason is left empty, which is itself
 * reported until written, so an unexplained suppression never silently takes effect.
 */
export function suppressAction(
  doc: TextDocument,
  diagnostic: Diagnostic,
  ruleId: string,
  snippets: boolean,
): CodeAction {
  const line = diagnostic.range.start.line;
  const lineText = doc
    .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
    .replace(/\r?\n$/, '');
  const indent = /^\s*/.exec(lineText)![0];
  const file = doc.uri;
  const at = { line, character: 0 };
  const comment = suppressionComment(file, lineText, ruleId, snippets ? '\u0000' : '');
  const edit: WorkspaceEdit = {
    documentChanges: [
      {
        textDocument: { uri: doc.uri, version: doc.version },
        edits: [
          snippets
            ? {
                range: { start: at, end: at },
                snippet: { kind: 'snippet', value: `${escapeSnippet(indent + comment).replace('\u0000', '$0')}\n` },
              }
            : { range: { start: at, end: at }, newText: `${indent}${comment.replace(/ $/, ' ')}\n` },
        ],
      },
    ],
  };
  return {
    title: `Suppress ${ruleId} on this line, with a reason…`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit,
  };
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}
