import type { Projection } from '../projection';
import { agreementsProjectionV1 } from './agreements-v1.projection';
import { agreementsProjectionV2 } from './agreements-v2.projection';
import type { AgreementsTablesV2 } from './agreements.tables';

/**
 * The agreements projection as version `version` writes it: version 1 keeps the first schema (so a
 * data folder written by it serves while the next version rebuilds beside it), every later version
 * the current one. A later version number with the same schema is how a fix of what the projection
 * renders is rolled out: it rebuilds into tables of its own and takes over once caught up.
 */
export function agreementsProjectionVersion(version: number): Projection<AgreementsTablesV2> {
  return version === 1 ? agreementsProjectionV1(version) : agreementsProjectionV2(version);
}

/** The current version of the agreements projection. */
export const agreementsProjection = agreementsProjectionVersion(2);

/**
 * Every version this code keeps, oldest first; the last is the one to serve. A data folder built
 * by v1 keeps serving from v1 while v2 rebuilds beside it, then switches (README, "Upgrading").
 * Remove v1 in a later release, once no replica serves it.
 */
export const AGREEMENTS_PROJECTION_VERSIONS: readonly Projection<AgreementsTablesV2>[] = [
  agreementsProjectionVersion(1),
  agreementsProjection,
];
