// `paved-road mcp`: a Model Context Protocol server over stdio (the official TypeScript SDK), so a
// coding agent (VS Code's agent mode, Claude Code, Cursor…) checks the code it writes and applies
// Paved Road's fixes itself. Three tools, each a thin wrapper over what the CLI does:
//   scan         a file or folder: findings (the CLI's walk, configs, ignores and worker pool);
//   explain_rule a rule's README (the same text as `paved-road explain`);
//   fixes        the verified fixes of a file's findings as edits (engine/fixes/verify.ts: only fixes
//                that pass verification are edits; the others come back as guidance, with the reason).
// Nothing from the workspace is executed; every text the tools return goes through the scan's secret
// mask (a hardcoded credential is never echoed to the agent, not even as the text an edit replaces).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { ruleById } from '../../rules';
import { ruleDoc } from '../docs';
import { PolicyResolver } from '../config/resolve';
import { maskOfFiles, type SecretMask } from '../engine/mask';
import type { Finding } from '../engine/types';
import { FixVerifier } from '../cli/fix';
import { lineStartsOf, positionOf } from '../cli/formats';
import { scanPaths, type ScannedFile, type ScanSummary } from '../host/scan';
import { resolveCrossFileEdit } from '../lsp/cross-file';

/** At most this many findings in one scan answer (an agent's context is small); the total is always given. */
export const MAX_FINDINGS = 200;

export interface McpEdit {
  /** The file to change (absolute). */
  file: string;
  /** 1-based, end exclusive, as an editor shows them; `offset`/`length` are into the file's UTF-16 text. */
  start: { line: number; column: number };
  end: { line: number; column: number };
  offset: number;
  length: number;
  /** The exact text replaced, for string-replacing edit tools; omitted when it holds a secret. */
  oldText?: string;
  newText: string;
  /** The file does not exist yet: create it with `newText`. */
  create?: boolean;
}

export function createMcpServer(version: string, cwd = process.cwd()): McpServer {
  const server = new McpServer(
    { name: 'paved-road', version },
    {
      instructions:
        'Paved Road finds insecure patterns in JavaScript/TypeScript (string-built SQL, unescaped templates, hardcoded credentials, unaudited security events). ' +
        'After writing code, call scan on the file; for each finding call fixes and apply the returned edits (they are verified: they remove the finding and add no new one); ' +
        'call explain_rule to learn the paved road for a finding that has only guidance.',
    },
  );

  server.registerTool(
    'scan',
    {
      title: 'Scan for security findings',
      description:
        "Scan a file or folder (absolute, or relative to the server's working folder) with Paved Road. Honours .gitignore and paved-road.json (rules, ignores, baseline). Returns each finding with its rule, place, message and how many verified fixes it has.",
      inputSchema: { path: z.string().describe('file or folder to scan') },
    },
    async ({ path: target }) => {
      const summary = await scanAndVerify(resolveInside(cwd, target));
      const mask = maskOfFiles(summary.files);
      const findings = summary.files.flatMap((file) => file.findings.map((finding) => describe(file, finding, mask)));
      const result = {
        files: summary.files.length,
        skipped: summary.skipped.length,
        total: findings.length,
        findings: findings.slice(0, MAX_FINDINGS),
        ...(findings.length > MAX_FINDINGS
          ? { truncated: `only the first ${MAX_FINDINGS} findings are listed; scan a smaller folder for the rest` }
          : {}),
      };
      return { content: [{ type: 'text', text: JSON.stringify(result, null, 2) }], structuredContent: result };
    },
  );

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain a Paved Road rule',
      description:
        "The rule's documentation: the risk, the paved road (the secure way), the automatic fix, when the rule is wrong and what loosening it accepts.",
      inputSchema: { ruleId: z.string().describe('a rule id such as sql/string-built-query') },
    },
    async ({ ruleId }) => {
      const doc = ruleById(ruleId) && ruleDoc(ruleId);
      if (!doc) return { isError: true, content: [{ type: 'text', text: `unknown rule '${ruleId}'` }] };
      return { content: [{ type: 'text', text: doc }] };
    },
  );

  server.registerTool(
    'fixes',
    {
      title: 'Verified fixes as edits',
      description:
        'The fixes of a file\'s findings as text edits. Only fixes that pass Paved Road\'s verification (the finding is gone, no new finding, the file still parses and type-checks) are edits; kind "safe" keeps behaviour, "needs-review" changes it on purpose (say so to the user). Other findings come back as guidance with the reason. Apply the edits of one fix together; after applying, scan again (offsets shift).',
      inputSchema: {
        path: z.string().describe('the file whose findings to fix'),
        ruleId: z.string().optional().describe('only findings of this rule'),
        line: z.number().int().positive().optional().describe('only findings on this 1-based line'),
      },
    },
    async ({ path: target, ruleId, line }) => {
      const file = resolveInside(cwd, target);
      if (!fs.statSync(file).isFile())
        return { isError: true, content: [{ type: 'text', text: `not a file: ${target}` }] };
      const summary = await scanAndVerify(file);
      const mask = maskOfFiles(summary.files);
      const scanned = summary.files.find((f) => f.path === file);
      const findings = (scanned?.findings ?? []).filter((f) => !ruleId || f.ruleId === ruleId);
      const starts = lineStartsOf(scanned?.text ?? '');
      const chosen = findings.filter((f) => !line || positionOf(starts, f.span.start).line === line);
      const result = {
        findings: chosen.map((finding) => ({
          ...describe(scanned!, finding, mask),
          fixes: (finding.fixes ?? [])
            .filter((fix) => fix.kind !== 'guidance' && fix.edits.length)
            .map((fix) => ({
              title: mask.apply(fix.title),
              kind: fix.kind,
              preferred: !!fix.preferred,
              ...(fix.changes ? { changesBehaviour: mask.apply(fix.changes) } : {}),
              edits: fix.edits.flatMap((edit) => toEdit(scanned!, edit, mask, cwd)),
            })),
          guidance: (finding.fixes ?? [])
            .filter((fix) => fix.kind === 'guidance')
            .map((fix) => mask.apply(`${fix.title}${fix.reason ? ` (${fix.reason})` : ''}`)),
        })),
      };
      return { content: [{ type: 'text', text: JSON.stringify(result, null, 2) }], structuredContent: result };
    },
  );

  return server;
}

/** `paved-road mcp`: serve over stdio until the client closes the stream. */
export async function serveMcp(version: string): Promise<void> {
  const server = createMcpServer(version);
  await server.connect(new StdioServerTransport());
}

async function scanAndVerify(target: string): Promise<ScanSummary> {
  const resolver = new PolicyResolver();
  const summary = await scanPaths([target], {}, { resolver, keepText: true, jobs: 'auto' });
  new FixVerifier(resolver).verifySummary(summary);
  return summary;
}

/** A path the agent names, resolved from the working folder; it must exist. */
function resolveInside(cwd: string, target: string): string {
  const file = path.resolve(cwd, target.startsWith('file:') ? fileURLToPath(target) : target);
  if (!fs.existsSync(file)) throw new Error(`no such file or folder: ${target}`);
  return file;
}

function describe(file: ScannedFile, finding: Finding, mask: SecretMask): Record<string, unknown> {
  const starts = lineStartsOf(file.text ?? '');
  const start = positionOf(starts, finding.span.start);
  const end = positionOf(starts, finding.span.end);
  return {
    file: file.path,
    ruleId: finding.ruleId,
    severity: finding.severity,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: mask.apply(finding.message),
    ...(finding.steps?.length
      ? {
          dataFlow: finding.steps.map((s) => ({
            line: positionOf(starts, s.span.start).line,
            message: mask.apply(s.message),
          })),
        }
      : {}),
    verifiedFixes: (finding.fixes ?? []).filter((f) => f.kind !== 'guidance' && f.edits.length).length,
  };
}

function toEdit(
  file: ScannedFile,
  edit: { file?: string; appendLine?: boolean; span: { start: number; end: number }; newText: string },
  mask: SecretMask,
  root: string,
): McpEdit[] {
  if (edit.file) {
    const resolved = resolveCrossFileEdit(file.path, edit, [root]);
    if (!resolved) return [];
    const target = fileURLToPath(resolved.uri);
    const text = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    const starts = lineStartsOf(text);
    const offset =
      resolved.range.start.line < starts.length
        ? starts[resolved.range.start.line] + resolved.range.start.character
        : text.length;
    const position = { line: resolved.range.start.line + 1, column: resolved.range.start.character + 1 };
    return [
      {
        file: target,
        start: position,
        end: position,
        offset,
        length: 0,
        oldText: '',
        newText: mask.apply(resolved.newText),
        ...(resolved.create ? { create: true } : {}),
      },
    ];
  }
  const text = file.text ?? '';
  const starts = lineStartsOf(text);
  const oldText = text.slice(edit.span.start, edit.span.end);
  const masked = mask.apply(oldText) !== oldText;
  return [
    {
      file: file.path,
      start: positionOf(starts, edit.span.start),
      end: positionOf(starts, edit.span.end),
      offset: edit.span.start,
      length: edit.span.end - edit.span.start,
      ...(masked ? {} : { oldText }),
      newText: mask.apply(edit.newText),
    },
  ];
}
