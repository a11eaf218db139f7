#!/usr/bin/env node
// Draws Coconstruct's icon and writes the packaging icons to build/: icon.png (1024×1024, from
// which electron-builder derives the Linux sizes), icons/<size>x<size>.png, icon.ico (Windows)
// and icon.icns (macOS). No image tool needed: the shapes are drawn here with anti-aliased
// distance fields and encoded with pngjs (already installed, through qrcode). Run it again after
// changing the drawing: `node scripts/icons.mjs`; the files are committed.
//
// The drawing: a rounded teal square; on it, three overlapping circles (the partners around the
// table) and a white dot where they meet (what they build together).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build');

/** Signed distance to a rounded square centred in the unit square (negative inside). */
function roundedSquare(x, y, half, radius) {
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;

const BG = [0x0f, 0x6e, 0x6e]; // teal
const RINGS = [
  [0xf2, 0xb1, 0x34], // amber
  [0x9f, 0xd8, 0xcb], // mint
  [0xf4, 0x8c, 0x7f], // coral
];

/** Colour at (x, y) in unit coordinates, with coverage-based anti-aliasing of width `aa`. */
function shade(x, y, aa) {
  const cover = (d) => Math.min(1, Math.max(0, 0.5 - d / aa));
  let rgb = [0, 0, 0];
  let alpha = cover(roundedSquare(x, y, 0.44, 0.1));
  if (alpha === 0) return [0, 0, 0, 0];
  rgb = [...BG];
  const mix = (c, a) => {
    rgb = rgb.map((v, i) => v * (1 - a) + c[i] * a);
  };
  const r = 0.17;
  const centres = [
    [0.5, 0.39],
    [0.405, 0.555],
    [0.595, 0.555],
  ];
  centres.forEach(([cx, cy], i) => {
    // A ring: the band between two circles.
    const d = Math.abs(circle(x, y, cx, cy, r)) - 0.028;
    mix(RINGS[i], cover(d) * 0.95);
  });
  mix([255, 255, 255], cover(circle(x, y, 0.5, 0.5, 0.045)));
  return [...rgb, alpha * 255];
}

function draw(size) {
  const png = new PNG({ width: size, height: size });
  const aa = 1.5 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [r, g, b, a] = shade((px + 0.5) / size, (py + 0.5) / size, aa);
      const o = (py * size + px) * 4;
      png.data[o] = Math.round(r);
      png.data[o + 1] = Math.round(g);
      png.data[o + 2] = Math.round(b);
      png.data[o + 3] = Math.round(a);
    }
  }
  return PNG.sync.write(png);
}

/** An .ico holding PNG images (Windows Vista and later read PNG entries). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

/** An .icns holding PNG images under their OSType (ic07 128, ic08 256, ic09 512, ic10 1024). */
function icns(images) {
  const types = { 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const chunks = images
    .filter((i) => types[i.size])
    .map(({ size, data }) => {
      const head = Buffer.alloc(8);
      head.write(types[size], 0, 'ascii');
      head.writeUInt32BE(data.length + 8, 4);
      return Buffer.concat([head, data]);
    });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const images = sizes.map((size) => ({ size, data: draw(size) }));
mkdirSync(join(out, 'icons'), { recursive: true });
for (const { size, data } of images) {
  if (size <= 512) writeFileSync(join(out, 'icons', `${size}x${size}.png`), data);
}
writeFileSync(join(out, 'icon.png'), images.find((i) => i.size === 1024).data);
writeFileSync(join(out, 'icon.ico'), ico(images.filter((i) => i.size <= 256)));
writeFileSync(join(out, 'icon.icns'), icns(images));
console.log(`wrote build/icon.png, build/icon.ico, build/icon.icns and build/icons/*.png`);
