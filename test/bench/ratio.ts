// How the bench puts a ratio into words. Kept apart so it is unit-tested: an earlier version
// printed "1.49 (0.7× faster)" for a run that was 1.49× slower.

/** `1.49× slower` / `3.50× faster`: Paved Road's time `ours` against another tool's `other`. */
export function compare(ours: number, other: number): string {
  if (!(ours > 0) || !(other > 0)) return 'n/a';
  const ratio = ours / other;
  if (Math.abs(ratio - 1) < 0.005) return 'same time';
  const digits = (n: number): string =>
    n.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  return ratio > 1 ? `${digits(ratio)}× slower` : `${digits(1 / ratio)}× faster`;
}
