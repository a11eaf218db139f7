/**
 * A real hub over a committee year made by scripts/seed-year.ts (run into a fresh data folder by
 * e2e/seed-year-data.ts, the seed's own record of what it did kept beside it), for the specs of
 * the partnership screens: expected figures come from that record.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedResult } from '../scripts/seed-year';
import { HubProcess } from './hub';

export interface SeededYearHub {
  hub: HubProcess;
  seed: SeedResult;
  /** The seed's member named `name`, with their token. */
  person(name: string): SeedResult['members'][number];
}

/** Seeds a year (in the committee's language `language`) and starts the hub on it. */
export async function seededYearHub(
  ownerToken: string,
  language: 'fr' | 'en' = 'fr',
): Promise<SeededYearHub> {
  const dataDir = HubProcess.tempDataDir();
  const out = join(dataDir, 'seed.json');
  execFileSync(process.execPath, ['--import', 'tsx', 'e2e/seed-year-data.ts', dataDir, out, language], {
    stdio: 'inherit',
  });
  const seed = JSON.parse(readFileSync(out, 'utf8')) as SeedResult;
  const hub = new HubProcess(dataDir, ownerToken);
  await hub.start(0);
  return {
    hub,
    seed,
    person: (name) => {
      const found = seed.members.find((m) => m.member.name === name);
      if (!found) throw new Error(`No member named ${name} in the seed`);
      return found;
    },
  };
}
