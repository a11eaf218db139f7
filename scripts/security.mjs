#!/usr/bin/env node
// `npm run security`: Electronegativity (Doyensec's checker of Electron misconfigurations) over
// src/ (or the folder given), assuming the installed Electron's version. Prints every finding; exits 1 when one of them
// is HIGH. A finding reviewed and kept is marked where it is, with Electronegativity's own
// mechanism (`// eng-disable CHECK_ID` on the line) and a comment saying why; the README's
// security checklist lists them.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = require('electron/package.json').version;
const FAIL_AT = new Set(['HIGH', 'CRITICAL']);
/** What to check: src/ unless a folder is given (the test gives a deliberately unsafe one). */
const input = process.argv[2] ?? 'src';

// Electronegativity's programmatic entry (its CLI writes CSV reports with a race between the
// header and the rows, so the report is taken from the runner directly).
const runner = require('@doyensec/electronegativity');
const run = typeof runner === 'function' ? runner : runner.default;

const result = await run(
  {
    input: resolve(root, input),
    output: undefined,
    isSarif: false,
    isRelative: true,
    isVerbose: false,
    customScan: [],
    excludeFromScan: [],
    severitySet: undefined,
    confidenceSet: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);
const findings = result.issues.map((i) => ({
  id: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  where: `${i.file}:${i.location.line}:${i.location.column}`,
}));
const high = findings.filter((f) => FAIL_AT.has(f.severity));
console.log(
  `Electronegativity over ${input} (Electron ${electronVersion}): ${findings.length} finding(s) to review, ${high.length} high`,
);
for (const f of findings) {
  console.log(`  ${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id}  ${f.where}`);
}
if (result.errors?.length) {
  console.error(`${result.errors.length} file(s) could not be parsed:`);
  for (const e of result.errors) console.error(`  ${e.file}: ${e.message ?? e.error ?? ''}`);
  process.exit(2);
}
if (high.length) {
  console.error(
    'High-severity findings: fix them, or review and mark the line with `// eng-disable CHECK_ID` and why.',
  );
  process.exit(1);
}
