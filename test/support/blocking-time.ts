/**
 * How long synchronous work holds the event loop, in milliseconds: the least CPU time (user and
 * system) of a few runs. CPU time, unlike the clock, does not count the time other processes on a
 * busy machine take the processor away, so the figure is what the work itself costs.
 */
export function blockingMs(work: () => unknown, runs = 5): number {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}

/** The most a request may hold the event loop (the hardening issue's budget). */
export const BLOCKING_BUDGET_MS = 50;
