// `paved-road mcp` driven by the Model Context Protocol SDK's own client over stdio: the tools are
// listed, the course app is scanned, a returned verified fix is applied and the finding is gone.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { packageRoot } from '../../server/engine/paths';
import { eventCeilingMs } from '../helpers/lsp-client';
import type { McpEdit } from '../../server/mcp/server';

interface ScanResult {
  total: number;
  files: number;
  findings: { file: string; ruleId: string; line: number; verifiedFixes: number }[];
}
interface FixesResult {
  findings: {
    ruleId: string;
    line: number;
    fixes: { title: string; kind: string; preferred: boolean; edits: McpEdit[] }[];
    guidance: string[];
  }[];
}

function textOf(result: unknown): string {
  return (result as { content: { type: string; text: string }[] }).content[0].text;
}

describe('MCP server (paved-road mcp)', function () {
  this.timeout(eventCeilingMs(120_000));
  let client: Client;
  let course: string;

  before(async () => {
    course = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-mcp-')), 'course');
    fs.cpSync(path.join(packageRoot(), 'examples', 'course'), course, { recursive: true });
    client = new Client({ name: 'paved-road-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [path.join(packageRoot(), 'dist', 'cli.js'), 'mcp'],
        cwd: course,
        stderr: 'pipe',
      }),
    );
  });
  after(async () => {
    await client?.close();
  });

  it('lists its tools with input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['explain_rule', 'fixes', 'scan']);
    for (const tool of tools) assert.equal(tool.inputSchema.type, 'object');
    assert.ok(tools.find((t) => t.name === 'fixes')!.inputSchema.required?.includes('path'));
  });

  it('scans the course app, returns a verified fix whose edits remove the finding', async () => {
    const scan = JSON.parse(textOf(await client.callTool({ name: 'scan', arguments: { path: '.' } }))) as ScanResult;
    assert.ok(scan.total >= 10, `the course app has its planted findings (got ${scan.total})`);
    const target =
      scan.findings.find((f) => f.ruleId === 'sql/string-built-query' && f.verifiedFixes > 0) ??
      scan.findings.find((f) => f.verifiedFixes > 0);
    assert.ok(target, 'some finding has a verified fix');

    const answer = JSON.parse(
      textOf(
        await client.callTool({
          name: 'fixes',
          arguments: { path: target.file, ruleId: target.ruleId, line: target.line },
        }),
      ),
    ) as FixesResult;
    const finding = answer.findings[0];
    assert.equal(finding.ruleId, target.ruleId);
    const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
    assert.ok(fix.edits.length > 0);
    // Apply as an agent would: the edits of one fix together, last first so offsets stay valid.
    const before = fs.readFileSync(target.file, 'utf8');
    let text = before;
    for (const edit of fix.edits.filter((e) => e.file === target.file).sort((a, b) => b.offset - a.offset)) {
      if (edit.oldText !== undefined) assert.equal(text.slice(edit.offset, edit.offset + edit.length), edit.oldText);
      text = text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
    }
    assert.notEqual(text, before);
    fs.writeFileSync(target.file, text);

    const again = JSON.parse(
      textOf(await client.callTool({ name: 'scan', arguments: { path: target.file } })),
    ) as ScanResult;
    const same = (f: ScanResult['findings'][number]): boolean => f.ruleId === target.ruleId;
    const beforeCount = scan.findings.filter((f) => f.file === target.file && same(f)).length;
    assert.equal(
      again.findings.filter(same).length,
      beforeCount - 1,
      'the fixed finding is gone, and no other of its rule appeared',
    );
  });

  it('explains a rule, and refuses an unknown one', async () => {
    const doc = textOf(
      await client.callTool({ name: 'explain_rule', arguments: { ruleId: 'sql/string-built-query' } }),
    );
    assert.match(doc, /## The paved road/);
    const unknown = await client.callTool({ name: 'explain_rule', arguments: { ruleId: '../../etc/passwd' } });
    assert.equal(unknown.isError, true);
  });
});
