// The packages `npm run package` builds (scripts/package.mjs): one vsix per platform holding only
// that platform's native parser addon and declaring that target, and a universal vsix with none.
// Reads the zip's central directory itself (no unzip tool needed). `npm run test:e2e` packages
// first; a plain `npm test` where nothing was packaged prints why and skips.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { packageRoot } from '../../server/engine/paths';
import { needs } from './prerequisites';

/** VS Code target → the addon it must carry (scripts/package.mjs's TARGETS). */
const TARGETS: Record<string, string> = {
  'linux-x64': 'parser.linux-x64-gnu.node',
  'linux-arm64': 'parser.linux-arm64-gnu.node',
  'darwin-x64': 'parser.darwin-x64.node',
  'darwin-arm64': 'parser.darwin-arm64.node',
  'win32-x64': 'parser.win32-x64-msvc.node',
};

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** The entries of a zip file, from its central directory. */
function zipEntries(buf: Buffer): Entry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const nameLength = buf.readUInt16LE(at + 28),
      extra = buf.readUInt16LE(at + 30),
      comment = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      localOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

function readEntry(buf: Buffer, entry: Entry): string {
  const start =
    entry.localOffset + 30 + buf.readUInt16LE(entry.localOffset + 26) + buf.readUInt16LE(entry.localOffset + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  return (entry.method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
}

describe('platform-specific packages (npm run package)', function () {
  const root = packageRoot();
  const file = (target?: string): string => path.join(root, target ? `paved-road-${target}.vsix` : 'paved-road.vsix');

  before(function () {
    const missing = [...Object.keys(TARGETS), undefined]
      .filter((t) => !fs.existsSync(file(t)))
      .map((t) => path.basename(file(t)));
    needs(
      this,
      'the package check',
      missing.length
        ? `not packaged here: ${missing.join(', ')} (npm run package builds them; npm run test:e2e packages first)`
        : undefined,
    );
  });

  for (const [target, addon] of Object.entries(TARGETS)) {
    it(`paved-road-${target}.vsix holds ${addon} and no other platform's, and declares its target`, () => {
      const buf = fs.readFileSync(file(target));
      const entries = zipEntries(buf);
      const addons = entries.map((e) => path.posix.basename(e.name)).filter((n) => /^parser\..+\.node$/.test(n));
      assert.deepEqual(addons, [addon]);
      const manifest = readEntry(buf, entries.find((e) => e.name === 'extension.vsixmanifest')!);
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
    });
  }

  it('the universal paved-road.vsix holds no native addon and declares no target', () => {
    const buf = fs.readFileSync(file());
    const entries = zipEntries(buf);
    assert.deepEqual(
      entries.filter((e) => /parser\..+\.node$/.test(e.name)).map((e) => e.name),
      [],
    );
    assert.doesNotMatch(readEntry(buf, entries.find((e) => e.name === 'extension.vsixmanifest')!), /TargetPlatform=/);
    // Marketplace metadata travels in every package.
    const manifest = JSON.parse(readEntry(buf, entries.find((e) => e.name === 'extension/package.json')!)) as {
      icon?: string;
      repository?: unknown;
      galleryBanner?: unknown;
    };
    assert.ok(manifest.icon && entries.some((e) => e.name === `extension/${manifest.icon}`), 'the icon is packaged');
    assert.ok(manifest.repository && manifest.galleryBanner);
    assert.ok(
      entries.some((e) => /^extension\/changelog\.md$/i.test(e.name)),
      'the changelog is packaged',
    );
  });
});
