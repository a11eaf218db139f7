#!/usr/bin/env node
// `npm run security`: Electronegativity (Doyensec's checker of Electron misconfigurations) over
// src/ (or the folder given), assuming the installed Electron's version. Prints every finding; exits 1 when one of them
// is HIGH. A finding reviewed and kept is marked where it is, with Electronegativity's own
// mechanism (`// eng-disable CHECK_ID` on the line) and a comment saying why; the README's
// security checklist lists them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist/index.js');
const electronVersion = require('electron/package.json').version;
const FAIL_AT = new Set(['HIGH', 'CRITICAL']);
/** What to check: src/ unless a folder is given (the test gives a deliberately unsafe one). */
const input = process.argv[2] ?? 'src';

/** The rows of a CSV file (quoted fields with "" escapes, commas, and a space after them). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      row.push(field.trim());
      field = '';
    } else if (ch === '\n') {
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'coconstruct-eneg-'));
const report = join(dir, 'electronegativity.csv');
try {
  const run = spawnSync(
    process.execPath,
    [cli, '-i', input, '-r', '-v', 'false', '-e', electronVersion, '-o', report],
    { cwd: root, encoding: 'utf8' },
  );
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    console.error(`electronegativity exited with ${run.status}`);
    process.exit(2);
  }
  let text;
  try {
    text = readFileSync(report, 'utf8');
  } catch {
    console.error(run.stdout, run.stderr);
    console.error('electronegativity wrote no report');
    process.exit(2);
  }
  const [header, ...findings] = parseCsv(text);
  const col = (name) => header.findIndex((h) => h.toLowerCase() === name);
  const [issue, severity, confidence, file, location] = [
    'issue',
    'severity',
    'confidence',
    'filename',
    'location',
  ].map(col);
  if ([issue, severity, file].some((i) => i < 0)) {
    console.error(`unexpected report format: ${header.join(', ')}`);
    process.exit(2);
  }
  const high = findings.filter((f) => FAIL_AT.has(f[severity]));
  console.log(
    `Electronegativity over ${input} (Electron ${electronVersion}): ${findings.length} finding(s) to review, ${high.length} high`,
  );
  for (const f of findings) {
    console.log(
      `  ${f[severity].padEnd(13)} ${f[confidence].padEnd(9)} ${f[issue]}  ${f[file]}:${f[location]}`,
    );
  }
  if (high.length) {
    console.error(
      'High-severity findings: fix them, or review and mark the line with `// eng-disable CHECK_ID` and why.',
    );
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
