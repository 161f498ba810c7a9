// The vocabulary shared by the engine, the rules and every front door.
// Nothing here knows about LSP, VS Code, the file system or the network.

import type { TSESTree } from '@typescript-eslint/types';
import type { Facts } from './facts';

export type Severity = 'error' | 'warning' | 'info';
export type Level = Severity | 'off';
export type Confidence = 'high' | 'medium' | 'low';
export type Category = 'sql' | 'xss' | 'cred' | 'audit';

/** Half-open character offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  /** Another file than the analysed one (path relative to it or absolute); omitted = same document. */
  file?: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  /**
   * `safe` fixes keep behaviour and may be applied in bulk; `unsafe` ones change behaviour on
   * purpose (a security rewrite usually does) and are only applied by an explicit user choice.
   */
  safety: 'safe' | 'unsafe';
  /** The paved road: the fix an editor should offer first. */
  preferred?: boolean;
  edits: TextEdit[];
}

/** One step of the data flow that justifies a finding, from source to sink. */
export interface FlowStep {
  span: Span;
  message: string;
}

export interface Finding {
  ruleId: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  span: Span;
  steps?: FlowStep[];
  fixes?: Fix[];
}

/** Something a front door must show besides findings: a skipped file, a parse error, a crashed rule. */
export interface Note {
  kind: 'parse-error' | 'rule-error' | 'skipped' | 'config';
  message: string;
  ruleId?: string;
  span?: Span;
}

export interface RuleMeta {
  /** `category/kebab-name`; stable, because configs and suppressions name it. */
  id: string;
  title: string;
  /** One sentence for lists, SARIF `shortDescription` and hovers. */
  summary: string;
  cwe: string[];
  /** NIST SSDF SP 800-218 practice ids, e.g. PW.5.1. */
  ssdf: string[];
  severity: Severity;
  confidence: Confidence;
  /** Message templates; `{{name}}` is replaced by the report's data. */
  messages: Record<string, string>;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  span: Span;
  steps?: FlowStep[];
  fixes?: Fix[];
  /** Overrides the rule's default confidence for this finding. */
  confidence?: Confidence;
}

export interface RuleContext {
  /** Path of the document (as the front door knows it); used for messages and cross-file fix targets. */
  readonly file: string;
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly facts: Facts;
  readonly options: Readonly<Record<string, unknown>>;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export interface AnalysisConfig {
  /** Per rule id: a level; rules not named run at their default severity. */
  rules?: Record<string, Level | { level?: Level; options?: Record<string, unknown> }>;
  /** Files larger than this many bytes are skipped with a note. */
  maxFileBytes?: number;
}

export interface SourceDocument {
  /** Path or URI, used to pick the language (by extension) and in notes. */
  file: string;
  text: string;
  languageId?: string;
}

export interface AnalysisResult {
  findings: Finding[];
  notes: Note[];
}
