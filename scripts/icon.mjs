// Draws media/icon.png (128×128, the Marketplace icon): a road running to the horizon on a shield
// blue ground, its centre line dashed. Generated (no image tools needed), so it is reproducible:
// `node scripts/icon.mjs`.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * N * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * N + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
const SKY = [30, 58, 95, 255],
  ROAD = [52, 58, 64, 255],
  EDGE = [240, 240, 240, 255],
  LINE = [255, 196, 0, 255],
  CLEAR = [0, 0, 0, 0];
const R = 20; // rounded corners
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    const cx = Math.min(Math.max(x, R), N - 1 - R),
      cy = Math.min(Math.max(y, R), N - 1 - R);
    if ((x - cx) ** 2 + (y - cy) ** 2 > R * R) {
      set(x, y, CLEAR);
      continue;
    }
    set(x, y, SKY);
    if (y < 28) continue;
    const t = (y - 28) / (N - 28); // 0 at the horizon, 1 at the bottom
    const half = 4 + t * 56,
      mid = N / 2;
    const d = Math.abs(x - mid);
    if (d <= half) {
      set(x, y, d > half - 2 - t * 3 ? EDGE : ROAD);
      const dash = Math.floor(Math.pow(t, 0.6) * 9) % 2 === 0;
      if (dash && d <= 0.5 + t * 3) set(x, y, LINE);
    }
  }
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
fs.writeFileSync(
  new URL('../media/icon.png', import.meta.url),
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
