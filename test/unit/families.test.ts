// One family list (server/engine/families.ts): the Category type, the rule id pattern and the HTML
// report follow from it in code; what cannot import it — the JSON schema, the rule folders and the
// course lessons — is checked against it here, so adding a family fails until every place knows it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORY_IDS, RULE_ID } from '../../server/engine/families';
import { categoryOf, defineRule } from '../../server/engine/rule';
import { packageRoot } from '../../server/engine/paths';
import { allRules } from '../../rules';

const root = packageRoot();

describe('the family list', () => {
  it('the schema names exactly the families: the category enum and the pavedRoads keys', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'paved-road.schema.json'), 'utf8'));
    assert.deepEqual([...schema.definitions.category.enum].sort(), [...CATEGORY_IDS].sort());
    const pavedRoads = schema.definitions.knowledge.properties.pavedRoads.properties;
    assert.deepEqual(Object.keys(pavedRoads).sort(), [...CATEGORY_IDS].sort());
  });

  it('every rules/ folder is a family with at least one registered rule, and every rule belongs to one', () => {
    const folders = fs.readdirSync(path.join(root, 'rules'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    assert.deepEqual(folders.sort(), [...CATEGORY_IDS].sort());
    for (const family of CATEGORY_IDS) assert.ok(allRules.some((r) => categoryOf(r.meta) === family), `no rule in ${family}`);
    for (const rule of allRules) assert.ok(CATEGORY_IDS.includes(categoryOf(rule.meta)), rule.meta.id);
  });

  it('the course has a lesson for every family', () => {
    for (const family of CATEGORY_IDS) {
      assert.ok(fs.existsSync(path.join(root, 'examples', 'course', 'lessons', `${family}.md`)), `examples/course/lessons/${family}.md`);
    }
  });

  it('a rule id outside the families is refused at load', () => {
    assert.ok(RULE_ID.test('sql/string-built-query'));
    assert.ok(!RULE_ID.test('net/open-port'));
    const rule = allRules[0];
    assert.throws(() => defineRule({ ...rule, meta: { ...rule.meta, id: 'net/open-port' } }), /category one of sql, xss, cred, audit, defaults/);
  });
});
