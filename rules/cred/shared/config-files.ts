// The credentials family on config files (.env, JSON, YAML): every value is judged by the same
// `decide` as a code literal, with its key as the name (`DB_PASSWORD=…`, `{"db": {"password": …}}`,
// a Compose `environment:` entry) and the keys above it as qualifiers. Config files get no
// rewrite into code; the advice names the paved road for the kind of file, and Docker Compose
// environment values get the one rewrite that keeps their meaning: `${NAME:?set NAME}`.

import type { ConfigDocument, ConfigEntry } from '../../../server/engine/configs';
import type { RuleContext, Span } from '../../../server/engine/types';
import { maskSecret } from '../../../server/engine/mask';
import { decide, fileKindOf, type Candidate, type FileKind, type Position } from './candidates';
import { shannonEntropy } from '../../../server/engine/secret-formats';
import { isPlaceholder } from './values';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `docker-compose.yml`, `compose.yaml`, `docker-compose.prod.yml`, `compose.override.yaml`. */
export function isComposeFile(file: string): boolean {
  return /(?:^|[/\\.-])(?:docker-)?compose(?:[.-][^/\\]*)?\.ya?ml$/i.test(file);
}

/** `.env.example`, `.env.sample`, `.env.template`, `.env.dist`: committed templates. */
export function isEnvTemplate(file: string): boolean {
  return /(?:^|[/\\])\.env\.(?:example|sample|template|tmpl|dist|defaults)$|[.-](?:example|sample|template)\.env$/i.test(
    file,
  );
}

export function classifyConfig(context: RuleContext, config: ConfigDocument): Candidate[] {
  const fileKind = configFileKind(context.file, context.text);
  if (config.kind === 'keyfile') return classifyKeyFile(context.file, config, fileKind);
  const ignoreNames = context.knowledge.secretNamesToIgnore ?? [];
  const compose = config.kind === 'yaml' && isComposeFile(context.file);
  // The `config` package's map from settings to environment variables: its values are variable names.
  const envMap = /(?:^|[/\\])custom-environment-variables\.(?:jsonc?|ya?ml)$/i.test(context.file);
  // A translation table (`i18n/da_DK.json`, `locales/en.json`): its values are UI text, whatever the key says.
  const translations = config.kind === 'json' && isTranslationFile(context.file);
  const apiDescription = isApiDescription(context.text);
  const out: Candidate[] = [];
  for (let i = 0; i < config.entries.length; i++) {
    const entry = config.entries[i];
    if (entry.value.length > 100_000) continue;
    if (envMap && ENV_NAME.test(entry.value)) continue;
    const judged = judgeConfigValue(entry, entry.value, entry.span, fileKind, ignoreNames);
    // Only a known token format or a connection string is a secret in translated text.
    if (judged && translations && judged.kind !== 'provider' && judged.kind !== 'connection') continue;
    // An OpenAPI/Swagger/JSON Schema `example:` documents the shape of a value, not a live one.
    if (judged && apiDescription && isDocumentationExample(entry.path)) continue;
    if (judged) {
      out.push(finish(judged, entry, config, context.file, fileKind, compose));
      continue;
    }
    // A password given to a container's program on its command line (`redis-server --requirepass …`).
    const flagged = commandLineSecret(entry, config.entries[i - 1], context.text);
    // `$(NAME)` (Kubernetes expands it from the container's env), `$NAME`, `${NAME}`: a reference.
    if (flagged && /^\$(?:\([A-Za-z_][A-Za-z0-9_]*\)|[A-Za-z_][A-Za-z0-9_]*|\{[^}]*\})$/.test(flagged.value)) continue;
    if (flagged) {
      // Redis's `requirepass`/`masterauth` are passwords by another name.
      const name = /^(requirepass|masterauth)$/i.test(flagged.flag) ? 'password' : flagged.flag;
      const candidate = judgeConfigValue({ ...entry, key: name }, flagged.value, flagged.span, fileKind, ignoreNames);
      if (candidate) out.push(finishCommandLine(candidate, entry, flagged, compose, fileKind));
      continue;
    }
    // `${DB_PASSWORD:-hunter2}` (Compose, shells, dotenv-expand): the fallback is a value too.
    const fallback = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)(.+)\}$/s.exec(entry.value);
    if (!fallback || entry.style === 'block') continue;
    const inner = valueStart(entry, context.text);
    if (inner === undefined) continue;
    const start = inner + 2 + fallback[1].length + fallback[2].length;
    const candidate = judgeConfigValue(
      { ...entry, key: secretLike(entry.key) ? entry.key : fallback[1] },
      fallback[3],
      { start, end: start + fallback[3].length },
      fileKind,
      ignoreNames,
    );
    if (!candidate) continue;
    candidate.envName = fallback[1];
    if (compose && entry.path[0] === 'services' && fileKind !== 'test') {
      // The variable is already read; only its default goes: `${NAME:?set NAME}` fails fast instead.
      const replaceFrom = inner + 2 + fallback[1].length;
      candidate.replacement = { span: { start: replaceFrom, end: candidate.span.end }, text: `:?set ${fallback[1]}` };
      candidate.fixTitle = `Require ${fallback[1]} instead of defaulting to a known value (\${${fallback[1]}:?…})`;
      candidate.advice = `drop the default so that a missing ${fallback[1]} fails fast: \${${fallback[1]}:?set ${fallback[1]}}`;
      delete candidate.manual;
    } else {
      delete candidate.replacement;
      candidate.advice = `drop the default: a missing ${fallback[1]} should stop the app, not fall back to a value everyone can read`;
      candidate.manual = candidate.advice;
    }
    out.push(candidate);
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

/** A translation file: under an `i18n`/`locales`/`lang`/`translations` folder, or named by a language and region (`da_DK.json`, `en-US.json`). */
export function isTranslationFile(file: string): boolean {
  const parts = file.replace(/\\/g, '/').split('/');
  const name = parts[parts.length - 1];
  if (/^[a-z]{2,3}[-_](?:[A-Z][a-z]{3}[-_])?[A-Z]{2}\.json$/.test(name)) return true; // da_DK, zh-Hant-TW (not db.json)
  return parts.slice(-4, -1).some((p) => /^(?:i18n|l10n|locales?|langs?|languages|translations?|messages)$/i.test(p));
}

/** An OpenAPI or Swagger document (or a fragment of one, such as `components.yml`). */
function isApiDescription(text: string): boolean {
  return /^\s*["']?(?:openapi|swagger|components|paths|definitions)["']?\s*:/m.test(text);
}

/** A value under `example`/`examples`/`x-example` of a schema, parameter or response. */
function isDocumentationExample(path: string[]): boolean {
  return path.slice(0, -1).some((k) => /^(?:examples?|x-examples?)$/.test(k));
}

const KEY_FILE_ADVICE =
  'keep key files out of the repository (list them in .gitignore), load the key from a secret store or a path outside the checkout at run time, and rotate this one: it is in the history';

/**
 * A key file (`server.key`, `jwt.pem`, `id_rsa`): a PEM private key in it is reported as one (a
 * certificate or public key is not a secret); a `.key` file whose content is one token (a symmetric
 * or HMAC key, `1337…​.EA99…`) is a secret file. Test fixtures are left alone, as in code.
 */
function classifyKeyFile(file: string, config: ConfigDocument, fileKind: FileKind): Candidate[] {
  const entry = config.entries[0];
  // As for every other value (bounded work on hostile input): a key file over 100 kB is not a key.
  if (!entry || fileKind === 'test' || entry.value.length > 100_000) return [];
  const name = file.replace(/\\/g, '/').split('/').pop() ?? file;
  const pem = decide(
    {
      value: entry.value,
      exact: true,
      span: entry.span,
      pos: { name: 'privateKey', qualifiers: [] },
      steps: [],
      manual: KEY_FILE_ADVICE,
    },
    fileKind,
    [],
  );
  if (pem?.kind === 'provider') {
    pem.advice = KEY_FILE_ADVICE;
    pem.manual = KEY_FILE_ADVICE;
    delete pem.replacement;
    return [pem];
  }
  if (/-----BEGIN /.test(entry.value) || !/\.key$/i.test(name)) return []; // certificates, public keys, other PEM blocks
  const value = entry.value;
  if (/\s/.test(value) || value.length < 12 || value.length > 4096 || isPlaceholder(value) || shannonEntropy(value) < 3)
    return [];
  return [
    {
      kind: 'named',
      nameKind: 'key',
      span: entry.span,
      value,
      masked: maskSecret(value),
      what: `The key file \`${name}\``,
      name,
      envName: 'KEY_FILE',
      fileKind,
      steps: [],
      advice: KEY_FILE_ADVICE,
      manual: KEY_FILE_ADVICE,
      confidence: 'high',
    },
  ];
}

/** Flags whose value is a secret, on a command line: `--requirepass` (Redis), `--token` (cloudflared, CLIs), … */
const SECRET_FLAG = /^--(requirepass|masterauth|password|passwd|auth-token|access-token|api-key|token|secret)$/i;
/** Where a container's command line is written: Compose `command`/`entrypoint`, Kubernetes `command`/`args`. */
const COMMAND_KEYS = new Set(['command', 'entrypoint', 'args']);

interface FlaggedValue {
  flag: string;
  value: string;
  span: Span;
  inString: boolean;
}

/**
 * The secret after a secret-taking flag in a command line: in a string (`command: redis-server
 * --requirepass s3cret`) or a list, as the item after the flag (`["redis-server", "--requirepass",
 * "s3cret"]`) or in one item (`--requirepass=s3cret`).
 */
function commandLineSecret(
  entry: ConfigEntry,
  previous: ConfigEntry | undefined,
  text: string,
): FlaggedValue | undefined {
  const last = entry.path[entry.path.length - 1];
  const item = /^\d+$/.test(last);
  const key = item ? entry.path[entry.path.length - 2] : last;
  if (!COMMAND_KEYS.has(key) || entry.style === 'block') return undefined;
  const inner = valueStart(entry, text);
  if (
    item &&
    previous &&
    SECRET_FLAG.test(previous.value) &&
    previous.path.slice(0, -1).join('\0') === entry.path.slice(0, -1).join('\0')
  ) {
    return { flag: previous.value.replace(/^-+/, ''), value: entry.value, span: entry.span, inString: false };
  }
  if (inner === undefined) return undefined;
  const pattern = item ? /^(--[A-Za-z][\w-]*)=(\S+)$/ : /(?:^|\s)(--[A-Za-z][\w-]*)(?:=|\s+)(\$\{[^}]*\}|[^\s'"-]\S*)/g;
  for (let m = pattern.exec(entry.value); m; m = pattern.global ? pattern.exec(entry.value) : null) {
    if (!SECRET_FLAG.test(m[1])) continue;
    const start = inner + m.index + m[0].length - m[2].length;
    return { flag: m[1].replace(/^-+/, ''), value: m[2], span: { start, end: start + m[2].length }, inString: true };
  }
  return undefined;
}

/** Advice and (in a Compose service) the fix for a secret on a command line: substitute it from the environment. */
function finishCommandLine(
  candidate: Candidate,
  entry: ConfigEntry,
  flagged: FlaggedValue,
  compose: boolean,
  fileKind: FileKind,
): Candidate {
  const service = entry.path[0] === 'services' ? entry.path[1] : undefined;
  const what = /token/i.test(flagged.flag)
    ? 'TOKEN'
    : /key/i.test(flagged.flag)
      ? 'API_KEY'
      : /secret/i.test(flagged.flag)
        ? 'SECRET'
        : 'PASSWORD';
  const env = `${(service ?? 'APP').toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${what}`;
  candidate.envName = env;
  if (!candidate.token) {
    candidate.what = `\`--${flagged.flag}\``;
    candidate.name = `--${flagged.flag}`;
  }
  delete candidate.replacement;
  // A whole list item is rewritten double-quoted (a plain scalar in `[…]` would end at `{`); inside
  // a command string only the word is replaced (Compose substitutes before it splits the line),
  // except in a plain string inside `[…]`, where `{` would end it.
  const fixable = flagged.inString ? !(entry.style === 'plain' && entry.flow) : true;
  if (compose && service && fileKind !== 'test' && fixable) {
    const substitution = `\${${env}:?set ${env}}`;
    candidate.replacement = { span: flagged.span, text: flagged.inString ? substitution : `"${substitution}"` };
    candidate.fixTitle = `Substitute ${env} from the environment (\${${env}:?…}) and list ${env} in .env.example`;
    candidate.advice = `let Compose substitute it from the environment: --${flagged.flag} \${${env}:?set ${env}}, with ${env} set in an untracked .env next to the compose file`;
    delete candidate.manual;
  } else {
    candidate.advice = `pass it from the environment or a secret store instead of the command line (\$(${env}) from a secretKeyRef in Kubernetes, \${${env}} where your tool substitutes variables)`;
    candidate.manual = candidate.advice;
  }
  return candidate;
}

/** Where the value starts in the text, when it is written as read (no quotes' escapes): else undefined. */
function valueStart(entry: ConfigEntry, text: string): number | undefined {
  const inner = entry.style === 'plain' || entry.style === 'number' ? entry.span.start : entry.span.start + 1;
  return text.slice(inner, inner + entry.value.length) === entry.value ? inner : undefined;
}

function secretLike(key: string): boolean {
  return /pass|secret|token|key|cred|auth/i.test(key);
}

function judgeConfigValue(
  entry: ConfigEntry,
  value: string,
  span: Span,
  fileKind: FileKind,
  ignoreNames: readonly string[],
): Candidate | undefined {
  const keys = entry.path.slice(0, -1).filter((k) => !/^\d+$/.test(k));
  const pos: Position = {
    ...(entry.key ? { name: entry.key } : {}),
    qualifiers: keys.slice(-3),
    siblingKeys: entry.siblings,
  };
  return decide({ value, exact: true, span, pos, steps: [], manual: 'config file' }, fileKind, ignoreNames);
}

/** Config files under test folders are fixtures; `.env.example` and friends are templates. */
function configFileKind(file: string, text: string): FileKind {
  if (isEnvTemplate(file) || /[./-](?:example|sample|template)\.(?:jsonc?|ya?ml)$/i.test(file)) return 'example';
  const kind = fileKindOf(file, text);
  if (kind !== 'source') return kind;
  const parts = file.replace(/\\/g, '/').split('/').slice(-5, -1);
  return parts.some((p) => /^(tests?|specs?|e2e|cypress|playwright|__tests__)$/i.test(p)) ? 'test' : 'source';
}

/** The environment variable, the advice and (for Compose) the fix of a config file's finding. */
function finish(
  candidate: Candidate,
  entry: ConfigEntry,
  config: ConfigDocument,
  file: string,
  fileKind: FileKind,
  compose: boolean,
): Candidate {
  const envKey =
    (config.kind === 'env' || entry.assignment || (compose && entry.path.includes('environment'))) &&
    ENV_NAME.test(entry.key);
  if (envKey) candidate.envName = entry.key;
  const env = candidate.envName;
  delete candidate.replacement;
  if (config.kind === 'env') {
    candidate.advice =
      fileKind === 'example'
        ? `this template is committed: leave the value empty (\`${env}=\`) and rotate the secret`
        : `keep .env files out of git (list .env in .gitignore), set ${env} where the app runs, and commit only \`${env}=\` in .env.example`;
  } else if (
    compose &&
    envKey &&
    entry.path[0] === 'services' &&
    fileKind !== 'test' &&
    entry.style !== 'block' &&
    !(entry.assignment && entry.flow)
  ) {
    candidate.advice = `let Compose substitute it from the environment: \${${env}:?set ${env}}, with ${env} set in an untracked .env next to the compose file`;
    const text = `\${${env}:?set ${env}}`;
    candidate.replacement = { span: entry.span, text: entry.assignment ? text : `"${text}"` };
    candidate.fixTitle = `Substitute ${env} from the environment (\${${env}:?…}) and list ${env} in .env.example`;
  } else if (config.kind === 'json') {
    candidate.advice = `read it from the environment instead: process.env.${env} where the config is loaded, or, with the \`config\` package, map ${entry.path.filter((k) => !/^\d+$/.test(k)).join('.') || 'it'} to ${env} in config/custom-environment-variables.json`;
  } else {
    candidate.advice = `inject it from the environment or a secret store at deploy time (\${${env}} where your tool substitutes variables, a Kubernetes secretKeyRef, your CI's secrets)`;
  }
  if (candidate.replacement) delete candidate.manual;
  else candidate.manual = candidate.advice;
  return candidate;
}
