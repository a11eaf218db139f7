/**
 * Seeds a committee year (scripts/seed-year.ts) into a data folder and writes what the seed did as
 * JSON, so a browser test can start the hub on that folder and check the screens against the
 * seed's own record. Run as `node --import tsx e2e/seed-year-data.ts DIR OUT.json [fr|en]`.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Core } from '../src/core';
import { SeedClock, seedYear } from '../scripts/seed-year';

const [dataDir, out, language] = process.argv.slice(2);
if (!dataDir || !out) throw new Error('Usage: seed-year-data.ts DIR OUT.json [fr|en]');
const clock = new SeedClock();
const core = Core.open({
  dataDir,
  ownerToken: randomBytes(24).toString('hex'),
  now: clock.now,
  exportWorker: false,
});
try {
  const result = seedYear(core, clock, { seed: 1, language: language === 'en' ? 'en' : 'fr' });
  writeFileSync(out, JSON.stringify(result));
} finally {
  core.close();
}
