/**
 * Orderings that do not depend on the locale or the runtime's collation, so that two plans of
 * the same state list everything in the same order on every machine.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
