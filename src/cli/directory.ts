/**
 * Loads agencies and delegations into the directory from a JSON file, as an administrator would
 * over the API: every change is an event in the directory's streams, hash-chained like any other.
 * Agencies the directory does not know are registered (parents first), known ones changed where
 * the file says otherwise; delegations not yet recorded are recorded. Running it again changes
 * nothing. Uses the service's configuration (DATA_DIR, EVENT_STORE, ...).
 *
 *   npm run directory -- import scripts/seed-case/directory.json
 *   npm run directory -- list
 */
import { readFileSync } from 'node:fs';
import { DirectoryRepository } from '../application/directory/directory-repository';
import type { Actor } from '../domain/access/actor';
import { decideAgency, TIME_ZONE_NAMES, type Agency } from '../domain/directory/agency';
import { decideGrant, type DelegationGrant } from '../domain/directory/delegation';
import { DomainError } from '../domain/errors';
import { systemClock } from '../infrastructure/clock/system-clock';
import { ConfigurationError, loadConfig } from '../infrastructure/config/app-config';
import { openEventStore } from '../infrastructure/event-store/event-store.module';

const USAGE = 'usage: npm run directory -- import FILE.json | list';

/** Who the import's events name: a system actor with the ADMIN role. */
export const DIRECTORY_IMPORTER: Actor = {
  id: 'sepakat-directory-import',
  name: 'Directory import (npm run directory)',
  agencyId: 'sepakat',
  roles: ['ADMIN'],
};

export interface DirectoryFile {
  readonly agencies?: readonly Agency[];
  readonly delegations?: readonly DelegationGrant[];
}

export interface ImportReport {
  readonly registered: string[];
  readonly changed: string[];
  readonly granted: string[];
  readonly unchanged: number;
}

/** Parents before their units, whatever order the file lists them in. */
function parentsFirst(agencies: readonly Agency[]): Agency[] {
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));
  const ordered: Agency[] = [];
  const placed = new Set<string>();
  const place = (agency: Agency, path: Set<string>) => {
    if (placed.has(agency.id) || path.has(agency.id)) return;
    const parent = agency.parentId === undefined ? undefined : byId.get(agency.parentId);
    if (parent) place(parent, new Set([...path, agency.id]));
    placed.add(agency.id);
    ordered.push(agency);
  };
  for (const agency of agencies) place(agency, new Set());
  return ordered;
}

export async function importDirectory(
  directory: DirectoryRepository,
  file: DirectoryFile,
  actor: Actor = DIRECTORY_IMPORTER,
): Promise<ImportReport> {
  const report: ImportReport = { registered: [], changed: [], granted: [], unchanged: 0 };
  for (const agency of parentsFirst(file.agencies ?? [])) {
    const known = (await directory.directory()).has(agency.id);
    const change = await directory.changeAgencies(actor, (current) => decideAgency(current, agency, actor, known ? 'change' : 'register'));
    if (!change.recorded) (report as { unchanged: number }).unchanged += 1;
    else (known ? report.changed : report.registered).push(agency.id);
  }
  for (const grant of file.delegations ?? []) {
    if ((await directory.delegations()).has(grant.id)) {
      (report as { unchanged: number }).unchanged += 1;
      continue;
    }
    await directory.changeDelegations(actor, (current, delegations) => decideGrant(current, delegations, grant, actor));
    report.granted.push(grant.id);
  }
  return report;
}

async function main(): Promise<void> {
  const [command, path] = process.argv.slice(2);
  if (command !== 'import' && command !== 'list') throw new UsageError(USAGE);
  if (command === 'import' && !path) throw new UsageError(USAGE);
  const config = loadConfig(process.env);
  const store = openEventStore(config.eventStore);
  try {
    const directory = new DirectoryRepository(store, systemClock);
    if (command === 'list') {
      for (const agency of (await directory.directory()).values()) {
        process.stdout.write(
          `${agency.id}\t${agency.level}\t${TIME_ZONE_NAMES[agency.timeZone]}\t${agency.parentId ?? '-'}\t${agency.name}\n`,
        );
      }
      for (const d of (await directory.delegations()).values()) {
        process.stdout.write(
          `delegation ${d.id}\t${d.grantor.position} (${d.grantor.agencyId}) → ${d.grantee.position} (${d.grantee.agencyId})\t${d.validFrom}..${d.validUntil}${d.revokedAt ? `\trevoked ${d.revokedAt}` : ''}\n`,
        );
      }
      return;
    }
    const file = JSON.parse(readFileSync(path, 'utf8')) as DirectoryFile;
    const report = await importDirectory(directory, file);
    process.stdout.write(
      `directory: ${report.registered.length} agencies registered, ${report.changed.length} changed, ${report.granted.length} delegations recorded, ${report.unchanged} unchanged\n`,
    );
  } finally {
    await store.close();
  }
}

class UsageError extends Error {}

if (require.main === module) {
  main().catch((error: unknown) => {
    const known =
      error instanceof UsageError || error instanceof ConfigurationError || error instanceof DomainError || error instanceof SyntaxError;
    process.stderr.write(`directory: ${known ? (error as Error).message : (error as Error).stack}\n`);
    process.exit(error instanceof UsageError ? 64 : 1);
  });
}
