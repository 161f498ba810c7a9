// analyze(document, config, rules): the one analysis every front door calls. Pure: no I/O, no LSP,
// and no rule: the front doors bind the registry (server/host/analyze.ts).

import { timed } from './timing';
import { DEFAULT_RULE_BUDGET_MS, RuleBudgetExceeded, startBudget } from './budget';
import { contentSkipReason } from './coverage';
import { Facts } from './facts';
import { parse, scriptKindOf, type ScriptKind } from './parse';
import type { ParseReuse } from './reparse';
import { parseTemplate, templateEngineOf, type TemplateDocument } from './templates';
import { configKindOf, readConfig, type ConfigDocument } from './configs';
import { applyDefaults, categoryOf, fixContractProblem, renderMessage } from './rule';
import { countSilenced, findingKey } from './loosened';
import { applySuppressions, parseSuppressions } from './suppressions';
import type {
  AnalysisConfig,
  AnalysisResult,
  FileTables,
  Finding,
  Level,
  Note,
  RouteControls,
  Rule,
  RuleContext,
  Severity,
  SourceDocument,
  TeamKnowledge,
} from './types';
import type { ModuleSummary } from './project/types';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface RuleSetting {
  level: Level;
  options: Record<string, unknown>;
}

export function ruleSetting(rule: Rule, config: AnalysisConfig): RuleSetting {
  const entry = config.rules?.[rule.meta.id];
  if (entry === undefined) return { level: rule.meta.severity, options: {} };
  if (typeof entry === 'string') return { level: entry, options: {} };
  return { level: entry.level ?? rule.meta.severity, options: entry.options ?? {} };
}

/** Whether the engine has anything to say about this kind of file. */
export function isAnalysable(file: string, languageId?: string): boolean {
  return (
    scriptKindOf(file, languageId) !== undefined ||
    templateEngineOf(file, languageId) !== undefined ||
    configKindOf(file, languageId) !== undefined
  );
}

/** A config document (.env, JSON, YAML) rather than code or a template. */
export function isConfigFile(file: string, languageId?: string): boolean {
  return (
    scriptKindOf(file, languageId) === undefined &&
    templateEngineOf(file, languageId) === undefined &&
    configKindOf(file, languageId) !== undefined
  );
}

/**
 * `rules`: what to run (the front doors pass the registry, server/host/analyze.ts); a suppression
 * naming an id none of them has is reported as unknown.
 * `reuse` (editor analysis threads only): the last tree of this document, kept so an edit re-parses
 * only the statements it touched (reparse.ts). The result is the same with or without it.
 */
export function analyze(
  document: SourceDocument,
  config: AnalysisConfig,
  rules: readonly Rule[],
  reuse?: ParseReuse,
  tables: FileTables = {},
): AnalysisResult {
  const notes: Note[] = [];
  const findings: Finding[] = [];
  const scriptKind = scriptKindOf(document.file, document.languageId);
  const engine = scriptKind ? undefined : templateEngineOf(document.file, document.languageId);
  const configKind = scriptKind || engine ? undefined : configKindOf(document.file, document.languageId);
  if (!scriptKind && !engine && !configKind) return { findings, notes };
  const limit = config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (document.text.length > limit) {
    notes.push({ kind: 'skipped', message: `file is larger than ${Math.round(limit / 1024)} KiB; not analysed` });
    return { findings, notes };
  }
  // What code may not be, judged on what it is (coverage.ts): the CLI's reader asks the same.
  // Templates and config documents judge binary content in their own readers.
  const unfit = scriptKind ? contentSkipReason(document.text) : undefined;
  if (unfit) {
    notes.push({ kind: 'skipped', message: `${unfit}; not analysed` });
    return { findings, notes };
  }

  // A template gets its tokens; its `<script>` blocks (Vue, Svelte) are parsed in place, the rest blanked.
  let template: TemplateDocument | undefined;
  let scriptText = document.text;
  if (engine) {
    const doc = parseTemplate(engine, document.text);
    notes.push(...doc.notes);
    template = doc.template;
    scriptText = doc.scriptText;
  }
  // A config file (.env, JSON, YAML) gets its values with their key paths; no script to parse.
  let configDocument: ConfigDocument | undefined;
  if (configKind) {
    const read = readConfig(configKind, document.text);
    notes.push(...read.notes);
    configDocument = read.config;
    scriptText = '';
  }
  const parsed = timed('parse', () =>
    reuse && scriptKind
      ? reuse.parse(document.file, scriptText, scriptKind)
      : parse(scriptText, scriptKind ?? (template ? scriptKindOfBlocks(template) : 'js')),
  );
  notes.push(...parsed.notes);
  const budgetMs = config.ruleBudgetMs ?? DEFAULT_RULE_BUDGET_MS;
  if (config.summaryOnly) {
    // A module another file imports, outside the part being scanned (`--shard`): its summary only.
    const summary = scriptKind
      ? moduleSummary(tables.summary, scriptText, parsed, config.knowledge ?? {}, notes)
      : undefined;
    return { findings, notes, ...(summary ? { summary } : {}) };
  }

  /** Runs `ruleList` with `knowledge`; findings and notes land in the arrays given. */
  const runRules = (ruleList: readonly Rule[], knowledge: TeamKnowledge, findings: Finding[], notes: Note[]): Facts => {
    const newFacts = (): Facts => {
      const f = new Facts(scriptText, parsed, knowledge);
      if (config.imports) f.imports = config.imports;
      if (config.registrations) f.registrations = config.registrations;
      if (config.mounts) f.mounts = config.mounts;
      if (config.callers) f.callers = config.callers;
      if (config.strategies) f.strategies = config.strategies;
      if (config.secretUses) f.secretUses = config.secretUses;
      if (config.views) f.views = config.views;
      return f;
    };
    let facts = newFacts();
    for (const rule of ruleList) {
      const setting = ruleSetting(rule, config);
      if (setting.level === 'off') continue;
      const severity: Severity = setting.level;
      // Every Facts call and every report is a safe point where a runaway rule is stopped.
      const budget = startBudget(budgetMs);
      facts.budget = budget;
      const firstFinding = findings.length;
      // The team's paved road for this family (`knowledge.pavedRoads`), named in every message.
      const pavedRoad = knowledge.pavedRoads?.[categoryOf(rule.meta)];
      const pavedRoadNote = pavedRoad ? ` Team paved road: ${pavedRoad}.` : '';
      const context: RuleContext = {
        file: document.file,
        text: document.text,
        ast: parsed.ast,
        facts,
        options: applyDefaults(rule.meta.options?.defaults, setting.options),
        knowledge,
        ...(config.moduleType ? { moduleType: config.moduleType } : {}),
        ...(config.project ? { project: config.project } : {}),
        ...(template ? { template } : {}),
        ...(configDocument ? { config: configDocument } : {}),
        report(report) {
          budget.check();
          const template = rule.meta.messages[report.messageId];
          if (template === undefined) throw new Error(`unknown messageId ${report.messageId}`);
          for (const fix of report.fixes ?? []) {
            const problem = fixContractProblem(rule.meta, fix);
            if (problem) throw new Error(problem); // a rule bug: fails like a crash (a rule-error note)
          }
          findings.push({
            ruleId: rule.meta.id,
            message: renderMessage(template, report.data) + pavedRoadNote,
            severity,
            confidence: report.confidence ?? rule.meta.confidence,
            span: report.span,
            ...(report.steps?.length ? { steps: report.steps } : {}),
            ...(report.fixes?.length ? { fixes: report.fixes } : {}),
            ...(report.docSection ? { docSection: report.docSection } : {}),
          });
        },
      };
      try {
        timed('rules', () => rule.check(context));
      } catch (error) {
        // A stopped or crashed rule may have left Facts' caches half-filled: the next rule starts fresh.
        facts = newFacts();
        if (error instanceof RuleBudgetExceeded) {
          // What it found before the cut is kept (a cut never hides a finding already made); the
          // cut itself is a note, which the front doors report as a finding (coverage.ts).
          const kept = findings.length - firstFinding;
          notes.push({
            kind: 'skipped',
            ruleId: rule.meta.id,
            message: `rule ${rule.meta.id} took longer than ${budgetMs} ms on this file and was stopped; ${kept ? `the ${kept} finding${kept === 1 ? '' : 's'} it made before the cut are shown, ` : ''}the rest of the file was not checked by it`,
          });
          continue;
        }
        // A crashing rule must not take the others down; the front door logs the note.
        const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
        notes.push({
          kind: 'rule-error',
          ruleId: rule.meta.id,
          message: `rule ${rule.meta.id} failed on ${document.file}: ${message}`,
        });
      }
    }
    findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
    return facts;
  };

  const knowledge = config.knowledge ?? {};
  const facts = runRules(rules, knowledge, findings, notes);
  // The seatbelt table (given by the host: rules/defaults/shared/controls.ts): every route and its controls, for the
  // front doors' tables and lenses. Budgeted like a rule; a failure is a note, never a crash.
  const routes =
    scriptKind && tables.routes
      ? timed('rules', () => routeTable(tables.routes!, facts, document.file, knowledge, budgetMs, notes))
      : [];
  // Inline suppressions (with a reason, naming a known rule) move findings aside; bad ones are notes.
  const known = new Set(rules.map((r) => r.meta.id));
  const { suppressions, problems } = parseSuppressions(document.text, known);
  notes.push(...problems);
  const applied = applySuppressions(document.text, findings, suppressions);
  // How many reported findings each loosening declaration in the team's knowledge hid here
  // (loosened.ts): the same text, the families it touches, without it. The result is unchanged.
  const silenced = countSilenced(document.text, knowledge, applied.findings.map(findingKey), (without, categories) => {
    const again: Finding[] = [];
    runRules(
      rules.filter((r) => categories.has(categoryOf(r.meta))),
      without,
      again,
      [],
    );
    return applySuppressions(document.text, again, suppressions).findings.map(findingKey);
  });
  // The summary is of this file alone: the rules' Facts is reused (its tree index, bindings and
  // derived facts already built) when it saw no other module and every rule ran to its end.
  const alone =
    !config.imports &&
    !config.registrations &&
    !config.mounts &&
    !config.callers &&
    !config.strategies &&
    !config.secretUses &&
    !config.views;
  const complete = !notes.some((n) => n.ruleId !== undefined && (n.kind === 'skipped' || n.kind === 'rule-error'));
  const summary =
    config.summarize && scriptKind
      ? timed('summaries', () =>
          moduleSummary(tables.summary, scriptText, parsed, knowledge, notes, alone && complete ? facts : undefined),
        )
      : config.summarize && template
        ? { v: 1 as const, imports: [], exports: {} } // a template: the project hands it how it is rendered
        : undefined;
  return {
    findings: applied.findings,
    notes,
    ...(applied.suppressed.length ? { suppressed: applied.suppressed } : {}),
    ...(Object.keys(silenced).length ? { silenced } : {}),
    ...(summary ? { summary } : {}),
    ...(routes.length ? { routes } : {}),
  };
}

function routeTable(
  routeControls: NonNullable<FileTables['routes']>,
  facts: Facts,
  file: string,
  knowledge: TeamKnowledge,
  budgetMs: number,
  notes: Note[],
): RouteControls[] {
  facts.budget = startBudget(budgetMs);
  try {
    return routeControls(facts, file, knowledge);
  } catch (error) {
    const message =
      error instanceof RuleBudgetExceeded
        ? `took longer than ${budgetMs} ms and was stopped`
        : error instanceof Error
          ? `${error.message}\n${error.stack ?? ''}`
          : String(error);
    notes.push({
      kind: error instanceof RuleBudgetExceeded ? 'skipped' : 'rule-error',
      ruleId: 'defaults/missing-control',
      message: `the per-route controls table of ${file} ${message}`,
    });
    return [];
  }
}

/** The file's own summary (given by the host: rules/module-summary.ts), from this file alone: no imported summaries. */
function moduleSummary(
  summarizeModule: FileTables['summary'],
  text: string,
  parsed: ReturnType<typeof parse>,
  knowledge: TeamKnowledge,
  notes: Note[],
  reuse?: Facts,
): ModuleSummary | undefined {
  if (!summarizeModule) return undefined;
  try {
    const facts = reuse ?? new Facts(text, parsed, knowledge);
    facts.budget = startBudget(DEFAULT_RULE_BUDGET_MS);
    return summarizeModule(facts, knowledge);
  } catch (error) {
    notes.push({
      kind: 'skipped',
      message: `the module summary (what other files learn about this one) was not computed: ${error instanceof RuleBudgetExceeded ? 'it took too long' : error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

function scriptKindOfBlocks(template: TemplateDocument): ScriptKind {
  const langs = new Set(template.scripts.map((s) => s.lang));
  return langs.has('tsx') ? 'tsx' : langs.has('ts') ? 'ts' : langs.has('jsx') ? 'jsx' : 'js';
}
