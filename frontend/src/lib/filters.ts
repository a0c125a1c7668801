/**
 * Filters with one of them set: a filter set to nothing (undefined, or the
 * null a cleared picker gives) is left out, so that the URL and the API
 * never see it.
 */
export function withFilter<F extends object, K extends keyof F>(filters: F, key: K, value: F[K] | null | undefined): F {
  const next = { ...filters, [key]: value };
  if (value === undefined || value === null) delete next[key];
  return next;
}
