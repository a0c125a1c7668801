import type { UpdaterRunFieldsFragment } from "@/gql/graphql";

/** How often a run in progress is asked about: quickly while cards are selected and sent, then slowly. */
export const POLL_BUSY_MS = 3_000;
export const POLL_AWAITING_MS = 20_000;

/** Whether a run still has cards to select, send or hear back about. */
export function isRunning(run: Pick<UpdaterRunFieldsFragment, "state">): boolean {
  return run.state !== "COMPLETED";
}

/** How often runs in these states are asked about again; never once all completed. */
export function pollInterval(states: readonly string[]): number | undefined {
  if (states.some((s) => s === "SELECTING" || s === "SUBMITTING")) return POLL_BUSY_MS;
  if (states.some((s) => s !== "COMPLETED")) return POLL_AWAITING_MS;
  return undefined;
}

/** The path of a run's page. */
export function runPath(month: string): string {
  return `/account-updater/runs/${month}`;
}
