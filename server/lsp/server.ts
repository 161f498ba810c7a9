// The language server: the only layer that knows LSP. It translates the engine's findings into
// diagnostics, code actions and hovers; it never re-derives what the engine found.
//
// Invariants (see ARCHITECTURE.md): settings are pulled per document and never kept in globals
// beyond one cache that is dropped as a whole; a fix is applied only to the document version it was
// computed for; analysis of a version that is no longer current is never published.

import { ANALYSIS_ERROR, ANALYSIS_INCOMPLETE, NOT_ANALYSED, notAnalysedLevel } from '../engine/coverage';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  CodeLensRefreshRequest,
  Diagnostic,
  MessageType,
  ShowMessageNotification,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  Hover,
  MarkupKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type ResponseError,
  type Connection,
  type HoverParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isAnalysable, isConfigFile } from '../engine/analyze';
import { ruleDocUri, ruleExplanation, ruleTitle } from '../docs';
import { plainInlineCode } from '../inline-code';
import { packageRoot } from '../engine/paths';
import type { AnalysisConfig, AnalysisResult, Finding, Fix, FixKind, Level, Severity } from '../engine/types';
import { asGuidance } from '../engine/fixes/verify';
import { verifyFix } from '../host/analyze';
import { TypeChecker } from '../host/typecheck';
import { analysedCount, isGitIgnored, scanPaths, type ScanSummary, type ScannedFile } from '../host/scan';
import { withPolicy } from '../config/resolve';
import { EditorPolicies, POSTURE_REQUEST, suppressAction, type DocumentPosture } from './policy';
import { describeActivity, setActivity } from './crash';
import { EditorAnalysis } from './analysis';
import { testFaults } from '../engine/faults';
import { maskOfFiles, SecretMask } from '../engine/mask';
import {
  codeActionProblem,
  documentProblem,
  guardedDocumentSync,
  invalidParams,
  positionRequestProblem,
  uriProblem,
} from './input';
import { routeLensTitle } from '../config/route-table';
import { resolveCrossFileEdit } from './cross-file';
import { WorkspaceIndex } from './workspace-index';
import { scriptKindOf } from '../engine/parse';
import { hintFor, Hints, lessonFor, SHOW_HINT_COMMAND, trainingMessage } from './training';

export interface Settings {
  enable: boolean;
  rules: Record<string, Level>;
  debounceMs: number;
  maxFileSizeKb: number;
  /** Training mode: messages explain more, fixes come after a hint, findings link to lessons. */
  training: boolean;
  /** `workspace`: every file of the workspace is scanned in the background and its findings shown;
   * `openFiles`: only open documents are analysed (Scan Workspace still scans when asked). */
  diagnostics?: { scope?: DiagnosticsScope };
}

export type DiagnosticsScope = 'workspace' | 'openFiles';

// 50 ms, not 150: analysis runs in workers and a superseded run is stopped or dropped, so a short
// pause is enough to coalesce a burst of keystrokes (docs/performance.md has the measurements).
const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, debounceMs: 50, maxFileSizeKb: 2048, training: false };

/** A file of the workspace scan that is not open: its diagnostics as of the last scan, under a result id. */
interface WorkspaceFile {
  /** Changes whenever `diagnostics` do: a pulling client that sends it back gets "unchanged". */
  resultId: string;
  diagnostics: Diagnostic[];
  posture: DocumentPosture;
  mask: SecretMask;
}

/** The result id of every open document in a pull: open documents' diagnostics are pushed, per version. */
const OPEN_RESULT_ID = 'open';

interface FixData {
  title: string;
  preferred: boolean;
  edits: { uri?: string; range: LspTextEdit['range']; newText: string; create?: boolean }[];
}

/** What travels in Diagnostic.data about a fix: the code action verifies it (lazily) and builds the edit. */
interface FixRef {
  title: string;
  kind: FixKind;
}

/** What travels in `Diagnostic.data`: everything a code action needs, tied to one document version. */
export interface DiagnosticData {
  ruleId: string;
  docSection?: string;
  version: number;
  /** The finding's index in its document's analysis of that version (for verifying its fixes). */
  finding: number;
  fixes: FixRef[];
}

interface Analysed {
  version: number;
  training: boolean;
  findings: Finding[];
  /** The analysis as the engine returned it (baselined findings included) and its config: what a fix is verified against. */
  analysed: AnalysisResult;
  config: AnalysisConfig;
  /** Fixes verified so far (by finding index): verification runs at code-action time, once per finding and version. */
  verified: Map<number, Fix[]>;
  diagnostics: Diagnostic[];
  /** For the posture: the policy, what was suppressed or baselined, and the editor's own rule settings. */
  posture: DocumentPosture;
  /** The secrets of this version (mask.ts): every string the server sends about it goes through it. */
  mask: SecretMask;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const EXPLAIN_COMMAND = 'pavedRoad.explainRule';
export const SCAN_REQUEST = 'pavedRoad/scanWorkspace';

/** An analysis that took at most this long (its last run, edit to result) is not debounced. */
export const NO_DEBOUNCE_UNDER_MS = 100;

/**
 * A document of at most this many characters (about 4,000 lines of typical code) is not debounced
 * whatever its last run took: its analysis is cheap on an idle machine, and judging it by a run
 * measured under load would make it wait exactly when waiting hurts most.
 */
export const NO_DEBOUNCE_UP_TO_CHARS = 150_000;

/**
 * How long to wait after an edit before analysing (the adaptive debounce). The debounce coalesces a
 * burst of keystrokes into one run; for a document whose last analysis was cheap, waiting costs more
 * than analysing, and a run made stale by the next keystroke is dropped before it starts or never
 * published (analysis.ts), so a small document is analysed at once. A document never analysed yet,
 * or one whose analysis is costly, waits the configured `pavedRoad.debounceMs`.
 */
export function debounceFor(settingMs: number, lastRunMs: number | undefined, chars?: number): number {
  if (chars !== undefined && chars <= NO_DEBOUNCE_UP_TO_CHARS) return 0;
  return lastRunMs !== undefined && lastRunMs <= NO_DEBOUNCE_UNDER_MS ? 0 : settingMs;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<Settings>>();
  const results = new Map<string, Analysed>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** How long each open document's last analysis took (ms): the adaptive debounce (debounceFor). */
  const lastRunMs = new Map<string, number>();
  const hints = new Hints();
  let canPullSettings = false;
  let hasFolderEvents = false;
  let workspaceFolders: string[] = [];
  let snippetEdits = false;
  let canWatchFiles = false;
  let canRefreshLenses = false;
  /** Documents whose last analysis had routes (their lenses must be refreshed when it has none). */
  const lensed = new Set<string>();
  // LSP 3.17 pull diagnostics (the client says it supports textDocument/diagnostic): the files that are
  // not open are reported through workspace/diagnostic with result ids; otherwise they are pushed.
  let pullDiagnostics = false;
  const workspace = new Map<string, WorkspaceFile>();
  let resultCounter = 0;
  let scanGeneration = 0;
  let initialScope: DiagnosticsScope = 'workspace';
  const policies = new EditorPolicies(connection);
  // The engine runs in worker threads, so one document's analysis never blocks the protocol or another document.
  const analysis = new EditorAnalysis();
  // Fix verification's type check (a TypeScript language service per project, on first code action).
  const typeChecker = new TypeChecker();
  // The workspace's modules, summarised in the background (issue 23): what open documents import.
  const workspaceIndex = new WorkspaceIndex();
  connection.onShutdown(() => analysis.close());

  connection.onInitialize((params): InitializeResult => {
    canPullSettings = !!params.capabilities.workspace?.configuration;
    hasFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    snippetEdits = !!params.capabilities.workspace?.workspaceEdit?.snippetEditSupport;
    canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    pullDiagnostics = !!params.capabilities.textDocument?.diagnostic;
    // For clients without workspace/configuration (or to set it before the first scan):
    // initializationOptions { diagnostics: { scope: 'openFiles' } }.
    const scope = (params.initializationOptions as { diagnostics?: { scope?: unknown } } | null | undefined)
      ?.diagnostics?.scope;
    if (scope === 'openFiles' || scope === 'workspace') initialScope = scope;
    workspaceFolders = usableFolders(
      (params.workspaceFolders ?? [])
        .map((f) => f.uri)
        .concat(!params.workspaceFolders && params.rootUri ? [params.rootUri] : []),
    );
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        // The seatbelt table in the editor: one lens above each route with its security controls.
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [EXPLAIN_COMMAND, SHOW_HINT_COMMAND] },
        ...(pullDiagnostics
          ? {
              diagnosticProvider: {
                identifier: 'paved-road',
                interFileDependencies: false,
                workspaceDiagnostics: true,
              },
            }
          : {}),
        ...(hasFolderEvents ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'paved-road', version: serverVersion() },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings)
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    // Clients other than ours (which watches them itself) are asked to report config file changes.
    if (canWatchFiles)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/paved-road.json' }] })
        .catch(() => undefined);
    if (workspaceFolders.length) void indexWorkspace();
    if (hasFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        workspaceFolders = workspaceFolders
          .filter((f) => !event.removed.some((r) => r.uri === f))
          .concat(usableFolders(event.added.map((a) => a.uri)));
        void refreshWorkspace();
      });
    }
    // The whole workspace in the background after start-up, so Problems and the status bar count every file.
    void refreshWorkspace();
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    policies.clear();
    for (const doc of documents.all()) schedule(doc, 0);
    // Any setting of any extension may land here: the workspace is scanned again only when one
    // that changes its findings did.
    void refreshWorkspace(false);
  });

  // paved-road.json files (the client watches them): drop every loaded policy, analyse again.
  connection.onDidChangeWatchedFiles(() => {
    policies.clear();
    for (const doc of documents.all()) schedule(doc, 0);
    if (!documents.all().length) policies.publishProblems();
    void refreshWorkspace();
  });

  /** Summarise the workspace's modules with work-done progress, then analyse the open documents again with them. */
  async function indexWorkspace(): Promise<void> {
    const roots = workspaceFolders.filter((f) => f.startsWith('file:')).map(uriToPath);
    if (!roots.length) return;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Paved Road: indexing workspace', 0, undefined, true);
    try {
      await workspaceIndex.build(
        roots,
        {
          report: (percentage, message) => progress?.report(percentage, message),
          cancelled: () => progress?.token.isCancellationRequested ?? false,
          // An edit's analysis (and one about to start after its debounce) goes first.
          idle: async () => {
            while (!analysis.isIdle || timers.size > 0)
              await (analysis.isIdle ? new Promise((resolve) => setTimeout(resolve, 10)) : analysis.idle());
          },
        },
        (message) => connection.console.log(message),
      );
    } catch (error) {
      connection.console.error(
        `paved-road: indexing the workspace failed; each file is analysed alone: ${(error as Error).message}`,
      );
    } finally {
      progress?.done();
    }
    for (const doc of documents.all()) schedule(doc, 0);
  }

  /** The workspace folders whose URIs name a local folder; any other is logged and left out. */
  function usableFolders(uris: unknown[]): string[] {
    return uris.filter((uri): uri is string => {
      const problem = uriProblem(uri);
      if (problem) connection.console.error(`paved-road: workspace folder refused: ${problem}`);
      return !problem;
    });
  }

  function settingsFor(uri: string): Promise<Settings> {
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = canPullSettings
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'pavedRoad' }).then(
            (s: Partial<Settings> | null) => ({ ...DEFAULT_SETTINGS, ...(s ?? {}) }),
            () => DEFAULT_SETTINGS,
          )
        : Promise.resolve(DEFAULT_SETTINGS);
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  function schedule(doc: TextDocument, delayMs?: number): void {
    clearTimeout(timers.get(doc.uri));
    void settingsFor(doc.uri).then((settings) => {
      clearTimeout(timers.get(doc.uri));
      timers.set(
        doc.uri,
        setTimeout(
          () => {
            timers.delete(doc.uri);
            validate(doc.uri);
          },
          delayMs ?? debounceFor(settings.debounceMs, lastRunMs.get(doc.uri), doc.getText().length),
        ),
      );
    });
  }

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer edit has its own run coming
    const file = uriToPath(uri);
    // A config file git ignores (a local `.env`) is where secrets belong: not squiggled.
    if (
      !settings.enable ||
      !isAnalysable(file, doc.languageId) ||
      (isConfigFile(file, doc.languageId) && uri.startsWith('file:') && isGitIgnored(file))
    ) {
      results.delete(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    // The nearest paved-road.json (secure defaults when absent or broken); editor settings on top.
    const policy = policies.policyFor(file);
    if (policies.isIgnored(file, policy)) {
      results.delete(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const moduleType = policies.forScan.moduleTypeFor(file);
    const project = uri.startsWith('file:') ? policies.forScan.projectFor(file).facts : undefined;
    const config: AnalysisConfig = {
      ...withPolicy({ rules: settings.rules, maxFileBytes: settings.maxFileSizeKb * 1024 }, policy),
      ...(moduleType ? { moduleType } : {}),
      ...(project ? { project } : {}),
    };
    // Cross-file facts (issue 23): the summaries of what it imports; its own summary comes back.
    const crossFile = uri.startsWith('file:') && scriptKindOf(file, doc.languageId) !== undefined;
    if (crossFile) Object.assign(config, { summarize: true }, workspaceIndex.configFor(file));
    const training = settings.training || policy.training;
    const text = doc.getText();
    // Named in a crash report if anything below throws; cleared only when the run completes.
    const activity = { what: 'analysing', uri, version, languageId: doc.languageId, text };
    setActivity(activity);
    if (testFaults().has('crash') && text.includes('PAVED_ROAD_TEST_CRASH'))
      throw new Error('injected fault: server crash while analysing');
    setActivity(undefined); // the engine runs in a worker; this thread is free meanwhile
    const runStarted = performance.now();
    // Tests wait on this line, not on the clock, to know a version is in flight.
    if (testFaults().has('trace')) connection.console.log(`paved-road: analysing ${uri} v${version}`);
    const outcome = await analysis.run(uri, { file, text, languageId: doc.languageId }, config);
    if (outcome.kind === 'done') lastRunMs.set(uri, performance.now() - runStarted);
    if (outcome.kind === 'superseded' || documents.get(uri)?.version !== version) return; // stale: never published
    if (outcome.kind === 'failed') {
      // The pool has already replaced the worker. Reported once, for this version; the next edit tries again.
      connection.console.error(
        `paved-road: analysis failed and its worker was replaced: ${outcome.error.message}\n  while: ${describeActivity(activity)}`,
      );
      results.delete(uri);
      void connection.sendDiagnostics({
        uri,
        version,
        diagnostics: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: DiagnosticSeverity.Information,
            source: 'paved-road',
            message:
              'Paved Road could not analyse this version of the file: its analysis worker failed (details in the Paved Road output). The next edit tries again.',
          },
        ],
      });
      return;
    }
    setActivity(activity);
    const analysed = outcome.result;
    if (crossFile) {
      // Its summary changed: the open documents that depend on it are analysed again.
      const affected = new Set(workspaceIndex.update(file, analysed.summary));
      if (affected.size)
        for (const other of documents.all())
          if (other.uri !== uri && affected.has(uriToPath(other.uri))) schedule(other, 0);
    }
    const mask = new SecretMask().addFindings(text, [
      ...analysed.findings,
      ...(analysed.suppressed ?? []).map((s) => s.finding),
    ]);
    const { findings, baselined } = policies.applyBaseline(policy, file, text, analysed.findings);
    const notes = analysed.notes;
    const diagnostics = findings.map((f, i) => toDiagnostic(doc, f, i, mask, training));
    for (const note of notes) {
      if (note.kind === 'config' && note.span) {
        // A suppression comment that cannot be honoured (no reason, unknown rule).
        diagnostics.push({
          range: { start: doc.positionAt(note.span.start), end: doc.positionAt(note.span.end) },
          severity: DiagnosticSeverity.Warning,
          source: 'paved-road',
          code: 'suppression',
          message: mask.apply(note.message),
        });
        continue;
      }
      if (note.kind === 'rule-error') {
        connection.console.error(mask.apply(`${note.message}\n  (document ${uri} version ${version})`));
        // A crash never looks like a clean file: an error on the file, the stack in the log.
        diagnostics.push({
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          source: 'paved-road',
          code: ANALYSIS_ERROR,
          message: mask.apply(
            `Paved Road could not finish analysing this file: ${note.message.split('\n')[0]} (details in the Paved Road output).`,
          ),
        });
      } else if (note.kind === 'skipped') {
        // What was not checked is reported at the level the CLI reports it (coverage.ts): the two agree.
        const level = note.ruleId ? 'error' : notAnalysedLevel(isConfigFile(file, doc.languageId));
        diagnostics.push({
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: level === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: 'paved-road',
          code: note.ruleId ? ANALYSIS_INCOMPLETE : NOT_ANALYSED,
          message: mask.apply(
            note.ruleId
              ? `Paved Road skipped a rule on this file: ${note.message}`
              : `Paved Road skipped this file: ${note.message}`,
          ),
        });
      }
    }
    setActivity(undefined);
    results.set(uri, {
      version,
      training,
      findings,
      diagnostics,
      analysed,
      config,
      verified: new Map(),
      mask,
      posture: {
        file,
        findings,
        suppressed: analysed.suppressed ?? [],
        baselined: baselined.length,
        policy,
        settingsRules: settings.rules,
        ...(analysed.silenced ? { silenced: analysed.silenced } : {}),
      },
    });
    void connection.sendDiagnostics({ uri, version, diagnostics });
    // Route lenses follow the analysis: ask the client to fetch them again when this version has routes (or had).
    if (canRefreshLenses && (analysed.routes?.length || lensed.has(uri))) {
      if (analysed.routes?.length) lensed.add(uri);
      else lensed.delete(uri);
      void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  }

  function toDiagnostic(doc: TextDocument, f: Finding, index: number, mask: SecretMask, training = false): Diagnostic {
    const lesson = training ? lessonFor(uriToPath(doc.uri), f.ruleId) : undefined;
    const data: DiagnosticData = {
      ruleId: f.ruleId,
      ...(f.docSection ? { docSection: f.docSection } : {}),
      version: doc.version,
      finding: index,
      fixes: (f.fixes ?? []).map((fix) => ({ title: mask.apply(fix.title), kind: fix.kind })),
    };
    return {
      range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) },
      severity: SEVERITY[f.severity],
      source: 'paved-road',
      code: f.ruleId,
      codeDescription: { href: lesson ?? ruleDocUri(f.ruleId) },
      // Problems shows plain text: code spans are quoted, not left as raw backticks (inline-code.ts).
      message: mask.apply(plainInlineCode(training ? trainingMessage(f) : f.message)),
      relatedInformation: (f.steps ?? []).map((s) => ({
        // A step in another module of the workspace (issue 23) points into that file.
        location:
          s.file && s.range
            ? {
                uri: s.file.startsWith('file:') ? s.file : pathToFileURL(s.file).href,
                range: {
                  start: { line: s.range.line, character: s.range.column },
                  end: { line: s.range.endLine, character: s.range.endColumn },
                },
              }
            : { uri: doc.uri, range: { start: doc.positionAt(s.span.start), end: doc.positionAt(s.span.end) } },
        message: mask.apply(plainInlineCode(s.message)),
      })),
      data,
    };
  }

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    lastRunMs.delete(e.document.uri);
    analysis.forget(e.document.uri);
    results.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    hints.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // A workspace file goes back to what is on disk (the editor may have closed it unsaved).
    if (workspace.has(e.document.uri)) void rescanClosed(e.document.uri);
  });

  connection.onCodeAction((params: CodeActionParams): CodeAction[] | ResponseError<void> => {
    const problem = codeActionProblem(params);
    if (problem) return invalidParams('textDocument/codeAction', problem);
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const actions: CodeAction[] = [];
    const explained = new Set<string>();
    for (const diagnostic of [...params.context.diagnostics, ...flowDiagnostics(doc, params)]) {
      const data = diagnostic.data as DiagnosticData | undefined;
      if (diagnostic.source !== 'paved-road' || !data?.ruleId) continue;
      const training = results.get(doc.uri)?.training ?? false;
      const hintKey = Hints.key(data.ruleId, diagnostic.range.start);
      if (training && data.fixes.length > 0 && !hints.has(doc.uri, hintKey)) {
        actions.push({
          title: `Show a hint for ${data.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: 'Show a hint', command: SHOW_HINT_COMMAND, arguments: [doc.uri, hintKey, data.ruleId] },
        });
      } else if (data.version === doc.version) {
        const mask = results.get(doc.uri)?.mask ?? new SecretMask();
        for (const fix of verifiedFixes(doc, data.finding)) {
          if (fix.kind === 'guidance') {
            // The manual road: no edit (verification refused it, or there never was one); the docs say how.
            actions.push({
              title: mask.apply(`Fix by hand: ${fix.title}${fix.reason ? ` (${fix.reason})` : ''}`),
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              command: {
                title: `Explain ${data.ruleId}`,
                command: EXPLAIN_COMMAND,
                arguments: data.docSection ? [data.ruleId, data.docSection] : [data.ruleId],
              },
            });
            continue;
          }
          // Preferred (applied by "auto fix") only when safe, or when it is the paved road and its title says what it changes.
          const changes = fix.kind === 'needs-review' && fix.changes ? ` — changes behaviour: ${fix.changes}` : '';
          actions.push({
            title: mask.apply(`${fix.title}${changes}`),
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.kind === 'safe' || (!!fix.preferred && changes !== ''),
            edit: toWorkspaceEdit(doc, toFixData(doc, fix)),
          });
        }
        // After the fixes: suppressing (with a written reason) is the last resort, not the first offer.
        actions.push(suppressAction(doc, diagnostic, data.ruleId, snippetEdits));
      }
      if (!explained.has(data.ruleId)) {
        explained.add(data.ruleId);
        actions.push({
          title: `Explain ${data.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: {
            title: `Explain ${data.ruleId}`,
            command: EXPLAIN_COMMAND,
            arguments: data.docSection ? [data.ruleId, data.docSection] : [data.ruleId],
          },
        });
      }
    }
    return actions;
  });

  /**
   * The diagnostics of findings whose data flow passes through the requested lines without the
   * finding's own range being there: the line that builds a query offers the same fixes as the line
   * that runs it (the client only sends the diagnostics under the cursor).
   */
  function flowDiagnostics(doc: TextDocument, params: CodeActionParams): Diagnostic[] {
    const analysed = results.get(doc.uri);
    if (!analysed || analysed.version !== doc.version) return [];
    const { start, end } = params.range;
    const sent = new Set(
      params.context.diagnostics
        .map((d) => (d.data as DiagnosticData | undefined)?.finding)
        .filter((n) => n !== undefined),
    );
    const onRequestedLines = (span: { start: number; end: number }): boolean =>
      doc.positionAt(span.start).line <= end.line && doc.positionAt(span.end).line >= start.line;
    return analysed.findings.flatMap((f, i) => {
      if (sent.has(i) || !f.fixes?.length || onRequestedLines(f.span)) return [];
      return (f.steps ?? []).some((step) => onRequestedLines(step.span)) ? [analysed.diagnostics[i]] : [];
    });
  }

  /** The fixes of a finding of the current analysis, verified (engine/fixes/verify.ts) on first ask. */
  function verifiedFixes(doc: TextDocument, index: number): Fix[] {
    const analysed = results.get(doc.uri);
    const finding = analysed?.version === doc.version ? analysed.findings[index] : undefined;
    if (!analysed || !finding?.fixes?.length) return [];
    let fixes = analysed.verified.get(index);
    if (!fixes) {
      const file = uriToPath(doc.uri);
      const text = doc.getText();
      const tsconfig = doc.uri.startsWith('file:') ? policies.forScan.projectFor(file).tsconfig : undefined;
      const hooks = tsconfig ? { newTypeErrors: typeChecker.hook(tsconfig, file, text) } : {};
      const document = { file, text, languageId: doc.languageId };
      fixes = finding.fixes.map((fix) => {
        if (fix.kind === 'guidance') return fix;
        const verdict = verifyFix(document, analysed.config, analysed.analysed, finding, fix, hooks);
        return verdict.ok ? fix : asGuidance(fix, verdict.reason);
      });
      analysed.verified.set(index, fixes);
    }
    return fixes;
  }

  function toFixData(doc: TextDocument, fix: Fix): FixData {
    return {
      title: fix.title,
      preferred: !!fix.preferred,
      edits: fix.edits.flatMap((e) =>
        e.file
          ? (resolveCrossFileEdit(uriToPath(doc.uri), e, workspaceFolders) ?? [])
          : [{ range: { start: doc.positionAt(e.span.start), end: doc.positionAt(e.span.end) }, newText: e.newText }],
      ),
    };
  }

  function toWorkspaceEdit(doc: TextDocument, fix: FixData): WorkspaceEdit {
    const own = fix.edits.filter((e) => !e.uri).map((e) => ({ range: e.range, newText: e.newText }));
    const others = new Map<string, LspTextEdit[]>();
    for (const e of fix.edits)
      if (e.uri) others.set(e.uri, [...(others.get(e.uri) ?? []), { range: e.range, newText: e.newText }]);
    const creates = [...new Set(fix.edits.filter((e) => e.uri && e.create).map((e) => e.uri!))];
    return {
      documentChanges: [
        { textDocument: { uri: doc.uri, version: doc.version }, edits: own },
        ...creates.map((uri) => ({ kind: 'create' as const, uri, options: { ignoreIfExists: true } })),
        ...[...others].map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits })),
      ],
    };
  }

  // One lens per route: "Controls: authn ✓  authz ✗  rate limit ✗ …" (controls that do not apply left out).
  connection.onCodeLens((params: CodeLensParams): CodeLens[] | ResponseError<void> => {
    const problem = documentProblem(params);
    if (problem) return invalidParams('textDocument/codeLens', problem);
    const doc = documents.get(params.textDocument.uri);
    const analysed = results.get(params.textDocument.uri);
    if (!doc || !analysed || analysed.version !== doc.version) return [];
    return (analysed.analysed.routes ?? []).map((route) => {
      const start = doc.positionAt(route.span.start);
      const missing = Object.entries(route.controls)
        .filter(([, v]) => v === 'missing')
        .map(([k]) => k);
      return {
        range: { start, end: start },
        command: {
          title: analysed.mask.apply(routeLensTitle(route)),
          command: '',
          arguments: [{ method: route.method, path: route.path ?? null, missing }],
        },
      };
    });
  });

  connection.onHover((params: HoverParams): Hover | null | ResponseError<void> => {
    const problem = positionRequestProblem(params);
    if (problem) return invalidParams('textDocument/hover', problem);
    const doc = documents.get(params.textDocument.uri);
    const analysed = results.get(params.textDocument.uri);
    if (!doc || !analysed || analysed.version !== doc.version) return null;
    const offset = doc.offsetAt(params.position);
    const hits = analysed.findings.filter((f) => f.span.start <= offset && offset <= f.span.end);
    if (hits.length === 0) return null;
    const parts = hits.map((f) => {
      const steps = (f.steps ?? [])
        .map((s, i) => `${i + 1}. line ${doc.positionAt(s.span.start).line + 1}: ${s.message}`)
        .join('\n');
      // Not the finding's message: editors show the diagnostic right above the hover, so the hover
      // adds what the diagnostic does not say (the rule's title, why it matters, the data flow).
      const title = ruleTitle(f.ruleId);
      return `**${title ? `${title}` : f.ruleId}** (${f.ruleId})\n\n${ruleExplanation(f.ruleId)}${steps ? `\n\n**Data flow**\n\n${steps}` : ''}\n\n[Full explanation](${ruleDocUri(f.ruleId)})`;
    });
    const first = hits[0];
    return {
      contents: { kind: MarkupKind.Markdown, value: analysed.mask.apply(parts.join('\n\n---\n\n')) },
      range: { start: doc.positionAt(first.span.start), end: doc.positionAt(first.span.end) },
    };
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === SHOW_HINT_COMMAND) {
      const [uri, key, ruleId] = (params.arguments ?? []).map(String);
      hints.mark(uri, key);
      // A notification, not showMessageRequest: a client without that request must not fail here.
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Info,
        message: hintFor(ruleId),
      });
      return;
    }
    if (params.command !== EXPLAIN_COMMAND) return;
    const ruleId = String(params.arguments?.[0] ?? '');
    await connection.window
      .showDocument({ uri: ruleDocUri(ruleId), external: false, takeFocus: true })
      .catch(() => undefined);
  });

  // The seatbelt chime: findings, loosenings (with reasons and risks) and suppressions, for the status bar.
  // The posture shows justifications and reasons of every open document: masked with all their secrets.
  connection.onRequest(POSTURE_REQUEST, () => postureNow());

  /** The posture of every open document and every scanned file that is not open: one count for all views. */
  function postureNow(): ReturnType<EditorPolicies['posture']> {
    const analysed: { posture: DocumentPosture; mask: SecretMask }[] = [...results.values()];
    for (const [uri, file] of workspace) if (!results.has(uri)) analysed.push(file);
    const mask = analysed.reduce((all, r) => all.merge(r.mask), new SecretMask());
    return mask.applyDeep(
      policies.posture(
        analysed.map((r) => r.posture),
        workspaceFolders.map(uriToPath),
        mask,
      ),
    );
  }

  // Scan Workspace: the same scan as at start-up, asked for (in either scope). The notification's
  // count is the posture's, the status bar's: they cannot disagree.
  connection.onRequest(SCAN_REQUEST, async () => {
    const summary = await scanWorkspace(true);
    const skipped = summary?.skipped.length ?? 0;
    return { files: summary ? analysedCount(summary) : 0, findings: postureNow().findings, skipped };
  });

  /** `openFiles` when the setting (or initializationOptions) says so, or when Paved Road is disabled. */
  async function scopeOf(): Promise<DiagnosticsScope> {
    const root = workspaceFolders[0];
    const settings = canPullSettings && root ? await settingsFor(root) : undefined;
    if (settings && !settings.enable) return 'openFiles';
    const scope = settings?.diagnostics?.scope;
    return scope === 'openFiles' || scope === 'workspace' ? scope : initialScope;
  }

  let lastScanKey: string | undefined;

  /**
   * After start-up and whenever settings, configs or folders change: scan again, or forget the
   * workspace. `force: false` (a settings change) skips the scan when no setting it reads changed.
   */
  async function refreshWorkspace(force = true): Promise<void> {
    const root = workspaceFolders[0];
    const settings = root ? await settingsFor(root) : DEFAULT_SETTINGS;
    const scope = await scopeOf();
    const key = JSON.stringify([scope, settings.rules, settings.maxFileSizeKb, workspaceFolders]);
    if (!force && key === lastScanKey) return;
    lastScanKey = key;
    if (scope === 'workspace') {
      await scanWorkspace(false);
      return;
    }
    scanGeneration++; // stops a scan under way
    for (const uri of [...workspace.keys()]) setWorkspaceFile(uri, undefined);
    workspace.clear();
  }

  /**
   * Scan every workspace folder with the CLI's walk (.gitignore, git's index, the configs' ignores) and
   * worker pool, in the background with cancellable work-done progress. A newer scan stops an older one.
   */
  async function scanWorkspace(asked: boolean): Promise<ScanSummary | undefined> {
    const generation = ++scanGeneration;
    const roots = workspaceFolders.filter((f) => f.startsWith('file:')).map(uriToPath);
    if (!roots.length) return undefined;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin(
      asked ? 'Paved Road: scanning workspace' : 'Paved Road: scanning workspace in the background',
      0,
      undefined,
      true,
    );
    try {
      const settings = await settingsFor(pathToFileURL(roots[0]).href);
      const summary = await scanPaths(
        roots,
        { rules: settings.rules, maxFileBytes: settings.maxFileSizeKb * 1024 },
        {
          resolver: policies.forScan,
          onFile(done, total) {
            progress?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} files`);
          },
          isCancelled: () => generation !== scanGeneration || (progress?.token.isCancellationRequested ?? false),
          keepText: true,
          // In worker threads (as the CLI's --jobs auto), not on the thread answering the editor.
          jobs: 'auto',
        },
      );
      if (generation !== scanGeneration) return summary; // a newer scan (or the openFiles scope) replaces it
      const seen = new Set<string>();
      for (const file of summary.files) {
        const uri = pathToFileURL(file.path).href;
        seen.add(uri);
        setWorkspaceFile(uri, file);
      }
      // A cancelled scan keeps what it did not reach; a complete one forgets files that are gone.
      if (!(progress?.token.isCancellationRequested ?? false)) {
        for (const uri of [...workspace.keys()]) if (!seen.has(uri)) setWorkspaceFile(uri, undefined);
      }
      return summary;
    } catch (error) {
      connection.console.error(`paved-road: the workspace scan failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      progress?.done();
    }
  }

  /** A closed workspace file, analysed again as it is on disk. */
  async function rescanClosed(uri: string): Promise<void> {
    if ((await scopeOf()) !== 'workspace' || documents.get(uri)) return;
    const file = uriToPath(uri);
    const settings = await settingsFor(uri);
    const summary = await scanPaths(
      [file],
      { rules: settings.rules, maxFileBytes: settings.maxFileSizeKb * 1024 },
      { resolver: policies.forScan, keepText: true },
    ).catch(() => undefined);
    if (documents.get(uri)) return; // opened again meanwhile: live diagnostics rule
    const scanned = summary?.files.find((f) => f.path === file);
    setWorkspaceFile(uri, scanned && !policies.isIgnored(file, policies.policyFor(file)) ? scanned : undefined);
  }

  /** Record a scanned file (or its absence) and tell the client: pushed, or a new result id to pull. */
  function setWorkspaceFile(uri: string, file: ScannedFile | undefined): void {
    const before = workspace.get(uri);
    if (!file) {
      if (!before) return;
      if (before.diagnostics.length === 0) {
        workspace.delete(uri);
        return;
      }
      // Kept, empty, under a new id: a pulling client clears what it showed.
      workspace.set(uri, {
        ...before,
        resultId: String(++resultCounter),
        diagnostics: [],
        posture: { ...before.posture, findings: [], suppressed: [], baselined: 0 },
      });
      if (!pullDiagnostics && !documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const doc = TextDocument.create(uri, '', 0, file.text ?? '');
    const mask = maskOfFiles([file]);
    const diagnostics = file.findings.map((f, i) => toDiagnostic(doc, f, i, mask));
    const policy = policies.policyFor(file.path);
    const posture: DocumentPosture = {
      file: file.path,
      findings: file.findings,
      suppressed: file.suppressed ?? [],
      baselined: file.baselined?.length ?? 0,
      policy,
      settingsRules: {},
    };
    if (before && JSON.stringify(before.diagnostics) === JSON.stringify(diagnostics)) {
      workspace.set(uri, { ...before, posture, mask }); // unchanged: same result id, nothing sent
      return;
    }
    workspace.set(uri, { resultId: String(++resultCounter), diagnostics, posture, mask });
    if (!pullDiagnostics && !documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics });
  }

  // Pull (LSP 3.17). Open documents keep their pushed, version-tied diagnostics (answered here with
  // an empty report under a fixed id); every other file is its last scan, "unchanged" while its id is.
  connection.languages.diagnostics.on((params) => {
    const uri = params.textDocument.uri;
    if (documents.get(uri)) {
      return params.previousResultId === OPEN_RESULT_ID
        ? { kind: 'unchanged', resultId: OPEN_RESULT_ID }
        : { kind: 'full', resultId: OPEN_RESULT_ID, items: [] };
    }
    const file = workspace.get(uri);
    if (!file) return { kind: 'full', items: [] };
    return params.previousResultId === file.resultId
      ? { kind: 'unchanged', resultId: file.resultId }
      : { kind: 'full', resultId: file.resultId, items: file.diagnostics };
  });

  connection.languages.diagnostics.onWorkspace((params) => {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    const items = [...workspace]
      .filter(([uri]) => !documents.get(uri))
      .map(([uri, file]) =>
        previous.get(uri) === file.resultId
          ? { kind: 'unchanged' as const, uri, version: null, resultId: file.resultId }
          : { kind: 'full' as const, uri, version: null, resultId: file.resultId, items: file.diagnostics },
      );
    return { items };
  });

  // Only well-formed document notifications reach TextDocuments (input.ts): bad ones are refused, logged.
  documents.listen(guardedDocumentSync(connection));
  connection.listen();
}

function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function serverVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}
