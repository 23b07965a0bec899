import type { AgreementContext } from '../../domain/agreements/agreement-context';
import type { Location } from '../../domain/agreements/agreement-events';

/**
 * Text as the search index keeps it and as a query is matched against it: decomposed, without
 * diacritics, lower case, and with every run of anything but letters and digits as one space. So
 * "Pemberdayaan Masyarakat Désa" is found by "desa", and "01/NK/2020" by "nk 2020", alike on SQLite
 * (FTS5) and PostgreSQL (`tsvector` of the `simple` configuration).
 */
export function searchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a query, as {@link searchText} keeps them: at most `max`, each matched as a prefix. */
export function searchWords(query: string, max = 12): string[] {
  return searchText(query).split(' ').filter(Boolean).slice(0, max);
}

/** Everything an agreement is found by: title, purpose, party names, registry numbers and locations. */
export function searchDocument(context: AgreementContext): string {
  const place = (location: Location) => [
    location.province,
    location.regency,
    location.district,
    location.area ?? '',
    ...(location.villages ?? []),
  ];
  const registry = Object.values(context.progress).flatMap((progress) => (progress.registry ? [progress.registry.number] : []));
  return searchText(
    [
      context.title,
      context.purpose ?? '',
      ...context.parties.map((party) => party.name),
      ...registry,
      ...(context.fixedLocations ?? context.proposedLocations ?? []).flatMap(place),
    ].join(' '),
  );
}

/** The events that change what {@link searchDocument} holds: only these rewrite an agreement's entry in the index. */
export const SEARCH_DOCUMENT_EVENTS: ReadonlySet<string> = new Set([
  'AgreementDrafted',
  'RegistryNumberAssigned',
  'LocationsProposed',
  'LocationsFixed',
]);
