/** src/core, src/shared and src/hub run in plain Node: they never import electron, even indirectly. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAIN_NODE = ['src/core', 'src/shared', 'src/hub'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?(t|j)sx?$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports, import(), require(). */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

const isElectron = (spec: string): boolean => spec === 'electron' || spec.startsWith('electron/');

describe('the plain-Node parts', () => {
  it('the scanner finds every form of import', () => {
    const sample = `
      import { app } from 'electron';
      import type { BrowserWindow } from "electron";
      import * as e from 'electron/main';
      export { ipcMain } from 'electron';
      import 'electron';
      const x = await import('electron');
      const y = require('electron');
      import { z } from 'zod'; // import { no } from 'electron' in a comment does not count
    `;
    expect(specifiers(sample).filter(isElectron)).toHaveLength(7);
    expect(specifiers(sample)).toContain('zod');
  });

  it.each(PLAIN_NODE)('%s never imports electron, nor a module outside the plain-Node parts', (dir) => {
    const files = sourceFiles(join(ROOT, dir));
    expect(files.length).toBeGreaterThan(0);
    const offences: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const where = relative(ROOT, file);
        if (isElectron(spec)) offences.push(`${where} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = relative(ROOT, resolve(dirname(file), spec));
          if (!PLAIN_NODE.some((d) => target === d || target.startsWith(`${d}/`))) {
            offences.push(`${where} imports ${target}, outside ${PLAIN_NODE.join(', ')}`);
          }
        }
      }
    }
    expect(offences).toEqual([]);
  });
});
