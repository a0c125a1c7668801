import type { OperationKind } from "@/components/MoneyOperationDialog";
import { plainName, type LabelLike } from "@/components/Tags";

/** A review queue every merchant gets: the label it follows is found by name. */
export interface SavedView {
  key: "refunds" | "suspects";
  /** Names the label may have, emoji aside, in any case. */
  names: readonly string[];
  /** The money operations managers do from this queue. */
  actions: readonly OperationKind[];
}

export const SAVED_VIEWS: readonly SavedView[] = [
  { key: "refunds", names: ["Remboursement", "Refund"], actions: ["REFUND"] },
  { key: "suspects", names: ["Suspect", "Suspicious"], actions: ["CANCEL"] },
];

/** What a queue of any other label offers. */
export const OTHER_ACTIONS: readonly OperationKind[] = ["REFUND", "CANCEL"];

/** The label a saved view follows, if the merchant has one of its names. */
export function labelOf<L extends LabelLike>(view: SavedView, labels: readonly L[], locale: string): L | undefined {
  const collator = new Intl.Collator(locale, { sensitivity: "base" });
  return labels.find((l) => view.names.some((n) => collator.compare(plainName(l.name), n) === 0));
}
