import { useEffect, useState } from 'preact/hooks';

/**
 * Pages live in the URL's fragment (`/#/perjanjian/…`): the API owns the paths (`/agreements`,
 * `/inbox`), and a fragment is never sent to the server, so a sign-in code in it stays out of logs.
 */
export interface Route {
  readonly path: string;
  readonly query: URLSearchParams;
}

function parse(): Route {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  return { path: path || '/', query: new URLSearchParams(query ?? '') };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const listener = () => setRoute(parse());
    window.addEventListener('hashchange', listener);
    return () => window.removeEventListener('hashchange', listener);
  }, []);
  return route;
}

export function href(path: string, query?: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value) params.set(key, value);
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function navigate(path: string, query?: Record<string, string | undefined>): void {
  window.location.hash = href(path, query);
}

/** Replaces the current entry (a consumed sign-in code must not stay in the history). */
export function replaceRoute(path: string): void {
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${path}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
