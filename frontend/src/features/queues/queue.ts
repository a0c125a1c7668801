// A review queue: the transactions that carry one label, loaded once, then
// kept up to date by the merchant's label events.
import type { LabelEvent, LiveTransaction } from "@/lib/label-events";

export interface Queue {
  labelId: string;
  /** Newest first; transactions that joined live come first of all. */
  rows: LiveTransaction[];
  /** Transactions of the queue beyond the loaded rows. */
  more: number;
  /** The rows that joined while the queue was open: who put them there, when. */
  fresh: ReadonlyMap<string, { by: string; at: string }>;
  /** Who deleted the queue's label, once someone did. */
  deletedBy?: string;
}

export function loadQueue(labelId: string, rows: readonly LiveTransaction[], totalCount: number, previous?: Queue): Queue {
  const ids = new Set(rows.map((r) => r.id));
  const fresh = previous?.labelId === labelId ? [...previous.fresh].filter(([id]) => ids.has(id)) : [];
  return { labelId, rows: [...rows], more: Math.max(0, totalCount - rows.length), fresh: new Map(fresh) };
}

/** How many transactions the queue holds. */
export function queueSize(q: Queue): number {
  return q.rows.length + q.more;
}

const carries = (tx: LiveTransaction, labelId: string) => (tx.labels ?? []).some((l) => l.id === labelId);

function replace(q: Queue, tx: LiveTransaction): Queue {
  if (!q.rows.some((r) => r.id === tx.id)) return q;
  return { ...q, rows: q.rows.map((r) => (r.id === tx.id ? tx : r)) };
}

function editLabels(q: Queue, edit: (labels: NonNullable<LiveTransaction["labels"]>) => LiveTransaction["labels"]): Queue {
  return { ...q, rows: q.rows.map((r) => ({ ...r, labels: edit(r.labels ?? []) })) };
}

/**
 * The queue after one label event. Events carry the transaction as it is
 * when they are delivered, so a replayed event may bring a transaction
 * that no longer carries the label it was given: it does not join (its
 * removal follows).
 */
export function applyEvent(q: Queue, e: LabelEvent): Queue {
  const ours = e.label.id === q.labelId;
  const tx = e.transaction;
  switch (e.kind) {
    case "LABEL_ADDED": {
      if (!tx) return q;
      if (!ours || q.rows.some((r) => r.id === tx.id)) return replace(q, tx);
      if (!carries(tx, q.labelId)) return q;
      return { ...q, rows: [tx, ...q.rows], fresh: new Map([...q.fresh, [tx.id, { by: e.actor.name, at: e.at }]]) };
    }
    case "LABEL_REMOVED": {
      if (!tx) return q;
      if (!ours) return replace(q, tx);
      if (!q.rows.some((r) => r.id === tx.id)) return { ...q, more: Math.max(0, q.more - 1) };
      const fresh = new Map(q.fresh);
      fresh.delete(tx.id);
      return { ...q, rows: q.rows.filter((r) => r.id !== tx.id), fresh };
    }
    case "LABEL_DELETED":
      // The label comes off every transaction; no removal is sent for each.
      if (ours) return { ...q, rows: [], more: 0, fresh: new Map(), deletedBy: e.actor.name };
      return editLabels(q, (labels) => labels.filter((l) => l.id !== e.label.id));
    case "LABEL_RENAMED":
    case "LABEL_RECOLOURED":
      return editLabels(q, (labels) =>
        labels.map((l) => (l.id === e.label.id ? { ...l, name: e.label.name, color: e.label.color } : l)),
      );
    default:
      return q;
  }
}
