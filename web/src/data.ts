import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, unwrap, type Problem, type Schemas } from './api/client';
import { DEFAULT_TIME_ZONE } from './format';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly problem: Problem | undefined;
  readonly loading: boolean;
  /** Loads again, keeping what is shown until the answer arrives (live updates do not flicker). */
  readonly reload: () => Promise<void>;
}

/** The answer of an API read for a page; `deps` change → loaded again, an older answer is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; problem?: Problem; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback((): Promise<void> => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true }));
    return load().then(
      (data) => void (mine === generation.current && setState({ data, loading: false })),
      (error: unknown) => void (mine === generation.current && setState({ problem: asProblem(error), loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's `deps` say when to read again: `load` is a new function every render.
  }, deps);
  useEffect(() => void run(), [run]);
  return { data: state.data, problem: state.problem, loading: state.loading, reload: run };
}

export function asProblem(error: unknown): Problem {
  return error instanceof ApiProblem ? error.problem : { status: 0 };
}

export type Agency = Schemas['AgencyViewDto'];

let agencies: Promise<Map<string, Agency>> | undefined;

/** The agency directory, once per tab: names for ids and each agency's time zone. */
export function agencyDirectory(): Promise<Map<string, Agency>> {
  agencies ??= unwrap(api.GET('/agencies')).then((list) => new Map(list.map((agency) => [agency.id, agency])));
  agencies.catch(() => (agencies = undefined));
  return agencies;
}

/** An agency's time zone from the directory; WIB for an agency the directory does not hold. */
export function timeZoneOf(agencies: ReadonlyMap<string, Agency>, agencyId: string | undefined): string {
  return (agencyId !== undefined && agencies.get(agencyId)?.timeZone) || DEFAULT_TIME_ZONE;
}

export function useAgencies(): Map<string, Agency> {
  const [map, setMap] = useState<Map<string, Agency>>(new Map());
  useEffect(() => {
    agencyDirectory().then(setMap, () => undefined);
  }, []);
  return map;
}
