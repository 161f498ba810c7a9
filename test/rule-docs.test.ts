// Docs are tested like code: every rule has a README with the sections a learner needs, every code
// sample parses, and the vulnerable example really is flagged by its rule — so the docs cannot
// drift from the rules.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyze } from '../server/host/analyze';
import { ruleDocPath } from '../server/engine/paths';
import { allRules } from '../rules';
import { beforeAfter, codeBlocks, REQUIRED_SECTIONS, sectionsOf } from '../server/docs';

const SCRIPT_LANGS: Record<string, string> = {
  js: 'js',
  javascript: 'js',
  jsx: 'jsx',
  ts: 'ts',
  typescript: 'ts',
  tsx: 'tsx',
};

const EXTENSIONS: Record<string, string> = { dotenv: 'env', env: 'env', yaml: 'yml', yml: 'yml', json: 'json' };

/**
 * Rules whose "before" samples elide the value (`'sk_live_…'`), and why: the exemption covers only a
 * sample that shows the elision, so a complete sample of these rules is still checked.
 */
const ELIDED: Record<string, string> = {
  'cred/provider-token':
    'no token-shaped value is written into the shipped docs (every secret scanner reading the package would report it); the rule cases hold real-format examples',
};

describe('rule docs', () => {
  for (const rule of allRules) {
    const id = rule.meta.id;
    describe(id, () => {
      const file = ruleDocPath(id);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';

      it('has a README whose title names the rule', () => {
        assert.ok(text, `missing ${file}`);
        assert.match(
          text.split('\n')[0],
          new RegExp(`^# ${id.replace('/', '\\/')} — \\S`),
          'first line: "# <id> — <title>"',
        );
      });

      it('has every section a learner needs, in order, none empty', () => {
        const sections = sectionsOf(text);
        const titles = sections.map((s) => s.title);
        let last = -1;
        for (const required of REQUIRED_SECTIONS) {
          const at = titles.indexOf(required);
          assert.ok(at >= 0, `${id}: missing "## ${required}"`);
          assert.ok(at > last, `${id}: "## ${required}" is out of order`);
          assert.ok(sections[at].body.trim().length > 40, `${id}: "## ${required}" is empty`);
          last = at;
        }
        const vulnerable = sections.find((s) => s.title === 'Vulnerable example')!.body;
        assert.match(
          vulnerable,
          /\*\*The exploit, in plain words:\*\*/,
          `${id}: the vulnerable example explains the exploit in plain words`,
        );
        const paved = sections.find((s) => s.title === 'The paved road')!.body;
        assert.match(paved, /^### /m, `${id}: the paved road has one ### subsection per library or engine`);
        // The fix section says which kind each fix is (and so whether `scan --fix` applies it), and why.
        const fix = sections.find((s) => s.title === 'The automatic fix')!.body;
        for (const kind of rule.meta.fixKinds)
          assert.match(
            fix,
            new RegExp(`\\*\\*Kind: [^*]*${kind.replace('-', ' ')}`, 'i'),
            `${id}: the fix section names the ${kind} kind`,
          );
        assert.match(fix, /verified before it is offered/, `${id}: the fix section says fixes are verified`);
        const refs = sections.find((s) => s.title === 'References')!.body;
        for (const cwe of rule.meta.cwe) assert.ok(refs.includes(cwe), `${id}: references name ${cwe}`);
        assert.match(refs, /OWASP/, `${id}: references an OWASP cheat sheet`);
        assert.match(refs, /SSDF/, `${id}: references the NIST SSDF practice`);
        assert.match(refs, /Secure by Design/i, `${id}: references the Secure by Design principle`);
      });

      it('every JavaScript/TypeScript sample parses', () => {
        for (const block of codeBlocks(text)) {
          const kind = SCRIPT_LANGS[block.lang];
          if (!kind) continue;
          const { notes } = analyze({ file: `sample.${kind}`, text: block.code });
          const broken = notes.filter((n) => n.kind === 'parse-error');
          assert.deepEqual(
            broken.map((n) => n.message),
            [],
            `${id}: sample at line ${block.line} does not parse`,
          );
        }
      });

      it('docs both ways: every "before" sample is flagged by this rule and every "after" sample is not', () => {
        let pairs = 0;
        for (const block of codeBlocks(text)) {
          const parts = beforeAfter(block.code);
          if (!parts) continue;
          const ext = SCRIPT_LANGS[block.lang] ?? EXTENSIONS[block.lang] ?? block.lang;
          const flagged = (code: string) =>
            analyze({ file: `sample.${ext}`, text: code }).findings.filter((f) => f.ruleId === id);
          for (const before of parts.before) {
            if (ELIDED[id] && before.includes('…')) continue; // see ELIDED
            assert.ok(
              flagged(before).length > 0,
              `${id}: the "before" sample of the block at README line ${block.line} must be flagged:\n${before}`,
            );
          }
          for (const after of parts.after) {
            const left = flagged(after);
            assert.deepEqual(
              left.map((f) => f.message),
              [],
              `${id}: the "after" sample of the block at README line ${block.line} must not be flagged:\n${after}`,
            );
          }
          pairs++;
        }
        if (text.match(/^(\/\/|#) before/m)) assert.ok(pairs > 0, `${id}: a before/after sample was not read`);
      });

      it('the vulnerable example is flagged by this rule', () => {
        const vulnerable = sectionsOf(text).find((s) => s.title === 'Vulnerable example');
        const block = vulnerable && codeBlocks(vulnerable.body)[0];
        assert.ok(block, `${id}: the vulnerable example has a code block`);
        const ext = SCRIPT_LANGS[block.lang] ?? block.lang;
        const { findings } = analyze({ file: `sample.${ext}`, text: block.code });
        assert.ok(
          findings.some((f) => f.ruleId === id),
          `${id}: the vulnerable example (\`\`\`${block.lang}) must be flagged by the rule itself`,
        );
      });
    });
  }
});
