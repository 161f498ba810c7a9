// defaults/session-defaults: express-session left at the defaults that help an attacker —
// `saveUninitialized: true` (a session, and a cookie, for every visitor before login: session
// fixation and store exhaustion) and the default cookie name `connect.sid` (a hint: it names the
// stack to every scanner). The hard-coded secret is cred/default-password's and cred/hardcoded-secret's.

import { defineRule } from '../../../server/engine/rule';
import { fileKindOf } from '../../cred/shared/candidates';
import { unwrap } from '../../../server/engine/facts';
import type { Fix } from '../../../server/engine/types';
import { hasSpread, objectOf, property, setProperties } from '../shared/objects';
import { usedOptionValues } from '../shared/cross-file';

export default defineRule({
  meta: {
    id: 'defaults/session-defaults',
    title: 'express-session left at unsafe defaults',
    summary:
      'express-session creates sessions for anonymous visitors (saveUninitialized: true) or keeps the default cookie name connect.sid; save sessions only after login and name the cookie.',
    cwe: ['CWE-1188', 'CWE-384'],
    ssdf: ['PW.9.1'],
    severity: 'warning',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      uninitialized:
        'express-session has `saveUninitialized: true`{{andName}}: every anonymous visitor gets a stored session and a cookie before logging in, which fills the store and lets a session id planted before login survive it (regenerate the session at login too). Set `saveUninitialized: false`.',
      defaultName:
        "Hint: express-session keeps the default cookie name `connect.sid`, which tells every scanner the stack behind the site. Give the cookie your own name (`name: 'sid'`).",
    },
  },
  check(context) {
    // Tests set up throwaway servers, sessions and passwords on purpose.
    if (fileKindOf(context.file, context.text) === 'test') return;
    const { facts } = context;
    for (const call of facts.nodesOfType('CallExpression')) {
      const origin = facts.moduleOf(unwrap(call.callee));
      if (
        origin?.module !== 'express-session' ||
        !(origin.path.length === 0 || (origin.path.length === 1 && origin.path[0] === 'default'))
      )
        continue;
      const options = objectOf(facts, call.arguments[0]);
      if (!options || hasSpread(options)) continue;
      const saveProp = property(options, 'saveUninitialized');
      const save = saveProp && facts.constantOf(saveProp.value);
      const uninitialized = save?.value === true;
      const defaultName = !property(options, 'name');
      if (!uninitialized && !defaultName) continue;
      const values: [string, string][] = [];
      if (uninitialized) values.push(['saveUninitialized', 'false']);
      if (defaultName) values.push(['name', "'sid'"]);
      const fix: Fix = {
        title: [
          uninitialized ? 'save sessions only once they hold something' : '',
          defaultName ? "name the session cookie 'sid'" : '',
        ]
          .filter(Boolean)
          .join(' and ')
          .replace(/^./, (c) => c.toUpperCase()),
        kind: 'needs-review',
        changes: [
          uninitialized ? 'anonymous visitors no longer get a stored session' : '',
          defaultName ? 'the cookie is renamed, so sessions made before the change end' : '',
        ]
          .filter(Boolean)
          .join('; '),
        preferred: true,
        edits: setProperties(facts, options, values),
      };
      context.report({
        messageId: uninitialized ? 'uninitialized' : 'defaultName',
        data: { andName: uninitialized && defaultName ? ' and the default cookie name `connect.sid`' : '' },
        span: facts.span(uninitialized ? saveProp! : call),
        fixes: [fix],
        ...(uninitialized ? {} : { confidence: 'low' as const }),
      });
    }
    // Options this (config) module holds and another hands to express-session (`session({ ...config.session })`):
    // `saveUninitialized: true` is judged here, at its line, with a step at each use (the name is the user's call).
    for (const [value, use] of usedOptionValues(facts, (sink) => sink === 'session:express-session')) {
      const options = objectOf(facts, value);
      const saveProp = options && property(options, 'saveUninitialized');
      if (!saveProp || facts.constantOf(saveProp.value)?.value !== true) continue;
      context.report({
        messageId: 'uninitialized',
        data: { andName: '' },
        span: facts.span(saveProp),
        steps: use.steps,
        fixes: [
          {
            title: 'Save sessions only once they hold something',
            kind: 'needs-review',
            changes: 'anonymous visitors no longer get a stored session',
            preferred: true,
            edits: setProperties(facts, options!, [['saveUninitialized', 'false']]),
          },
        ],
      });
    }
  },
});
