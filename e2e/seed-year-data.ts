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
const ownerToken = randomBytes(24).toString('hex');
const core = Core.open({ dataDir, ownerToken, now: clock.now, exportWorker: false });
let result: ReturnType<typeof seedYear>;
try {
  result = seedYear(core, clock, { seed: 1, language: language === 'en' ? 'en' : 'fr' });
} finally {
  core.close();
}
// The seed's links were made on its own clock (a year in 2026) and expire a year later; the browser
// tests run the hub on the real clock: each member still on the committee gets a link made today.
const today = Core.open({ dataDir, ownerToken, exportWorker: false });
try {
  const owner = today.authenticate(ownerToken)!;
  for (const seat of result.members) {
    if (seat.member.leftAt) continue;
    seat.token = today.call(owner, 'members.invite', { id: seat.member.id }).token;
  }
} finally {
  today.close();
}
writeFileSync(out, JSON.stringify(result));
