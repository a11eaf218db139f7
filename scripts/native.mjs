#!/usr/bin/env node
// better-sqlite3-multiple-ciphers (better-sqlite3 with SQLite3MultipleCiphers, for encryption at rest) is a native addon: Node (tests, `npm run serve`) and Electron (`npm start`) need
// it compiled for their own ABI. This rebuilds it for the runtime named in argv[2] when the last
// build was for the other one. Building from source needs python3, make and a C++ compiler.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: node scripts/native.mjs node|electron');
  process.exit(2);
}
const marker = 'node_modules/better-sqlite3-multiple-ciphers/build/Release/.coconstruct-runtime';
const last = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : 'node';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function loadsInNode() {
  const probe = spawnSync(process.execPath, [
    '-e',
    "new (require('better-sqlite3-multiple-ciphers'))(':memory:').close()",
  ]);
  return probe.status === 0;
}

if (target === 'node') {
  if (last === 'node' && loadsInNode()) process.exit(0);
  console.log('Rebuilding better-sqlite3 for Node…');
  execFileSync(npm, ['rebuild', 'better-sqlite3-multiple-ciphers'], { stdio: 'inherit' });
  writeFileSync(marker, 'node\n');
} else {
  let electronVersion;
  try {
    electronVersion = require('electron/package.json').version;
  } catch {
    console.error('Electron is not installed: run `npm install` first.');
    process.exit(1);
  }
  if (last === `electron-${electronVersion}`) process.exit(0);
  console.log(`Rebuilding better-sqlite3 for Electron ${electronVersion}…`);
  execFileSync(npx, ['electron-rebuild', '-f', '-o', 'better-sqlite3-multiple-ciphers'], {
    stdio: 'inherit',
  });
  writeFileSync(marker, `electron-${electronVersion}\n`);
}
