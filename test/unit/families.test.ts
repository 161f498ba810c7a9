// One family list (server/engine/families.ts): the Category type, the rule id pattern, the HTML
// report and the config loader's family names follow from it in code; the shipped JSON schema
// names no family (so adding one needs no edit of it); what cannot import it — the rule folders and
// the course lessons — is checked against it here, so adding a family fails until every place knows it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORY_IDS, RULE_ID } from '../../server/engine/families';
import { categoryOf, defineRule } from '../../server/engine/rule';
import { packageRoot } from '../../server/engine/paths';
import { allRules } from '../../rules';
import { configSchema, loadPolicy, type ConfigHost } from '../../server/config/load';

const root = packageRoot();

describe('the family list', () => {
  it("the shipped schema names no family; the loader's schema takes them from the list and refuses others", () => {
    const text = fs.readFileSync(path.join(root, 'schema', 'paved-road.schema.json'), 'utf8');
    const shipped = JSON.parse(text);
    assert.equal(shipped.definitions.category.enum, undefined);
    assert.equal(shipped.definitions.knowledge.properties.pavedRoads.propertyNames.$ref, '#/definitions/category');
    const derived = configSchema() as { definitions: { category: { enum: string[] } } };
    assert.deepEqual(derived.definitions.category.enum, [...CATEGORY_IDS]);
    const file = path.resolve('/virtual/families/paved-road.json');
    const config = JSON.stringify(
      {
        knowledge: {
          pavedRoads: { sql: 'db.query with $1', zzz: 'x' },
          sanitizers: [{ name: 'clean', for: ['htm'], reason: 'reviewed' }],
        },
      },
      null,
      2,
    );
    const host: ConfigHost = { readFile: () => config, isFile: (f) => f === file, isDirectory: () => false };
    const messages = loadPolicy(file, host)
      .errors.map((e) => e.message)
      .sort();
    assert.deepEqual(messages, [
      `knowledge.pavedRoads.zzz: 'zzz' is not a rule family (one of ${CATEGORY_IDS.join(', ')})`,
      `knowledge.sanitizers[0].for[0] must be one of ${CATEGORY_IDS.map((c) => JSON.stringify(c)).join(', ')}`,
    ]);
  });

  it('every rules/ folder is a family with at least one registered rule, and every rule belongs to one', () => {
    const folders = fs
      .readdirSync(path.join(root, 'rules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    assert.deepEqual(folders.sort(), [...CATEGORY_IDS].sort());
    for (const family of CATEGORY_IDS)
      assert.ok(
        allRules.some((r) => categoryOf(r.meta) === family),
        `no rule in ${family}`,
      );
    for (const rule of allRules) assert.ok(CATEGORY_IDS.includes(categoryOf(rule.meta)), rule.meta.id);
  });

  it('the course has a lesson for every family', () => {
    for (const family of CATEGORY_IDS) {
      assert.ok(
        fs.existsSync(path.join(root, 'examples', 'course', 'lessons', `${family}.md`)),
        `examples/course/lessons/${family}.md`,
      );
    }
  });

  it('a rule id outside the families is refused at load', () => {
    assert.ok(RULE_ID.test('sql/string-built-query'));
    assert.ok(!RULE_ID.test('zzz/open-port'));
    const rule = allRules[0];
    assert.throws(
      () => defineRule({ ...rule, meta: { ...rule.meta, id: 'zzz/open-port' } }),
      new RegExp(`category one of ${CATEGORY_IDS.join(', ')}$`),
    );
  });
});
