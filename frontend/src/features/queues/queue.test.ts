import { describe, expect, it } from "vitest";
import { labelEvent, liveTransaction, REFUND, SUSPECT } from "@/test/live-events";
import { applyEvent, loadQueue, queueSize } from "./queue";

const T1 = liveTransaction("T1", [REFUND]);
const T2 = liveTransaction("T2", [REFUND, SUSPECT]);
const queue = () => loadQueue(REFUND.id, [T1, T2], 2);
const ids = (q: ReturnType<typeof queue>) => q.rows.map((r) => r.id);

describe("a review queue", () => {
  it("puts a transaction that gets its label on top, marked with who labelled it", () => {
    const T3 = liveTransaction("T3", [REFUND]);
    const q = applyEvent(queue(), labelEvent("LABEL_ADDED", REFUND, T3));
    expect(ids(q)).toEqual(["T3", "T1", "T2"]);
    expect(q.fresh.get("T3")).toEqual({ by: "Olivier Opérateur", at: "2026-11-26T10:32:05Z" });
    expect(queueSize(q)).toBe(3);
  });

  it("does not list a transaction twice", () => {
    const again = liveTransaction("T1", [REFUND], { status: "REFUNDED" });
    const q = applyEvent(queue(), labelEvent("LABEL_ADDED", REFUND, again));
    expect(ids(q)).toEqual(["T1", "T2"]);
    expect(q.rows[0]!.status).toBe("REFUNDED");
  });

  it("lets a replayed addition pass when the transaction no longer carries the label", () => {
    const T3 = liveTransaction("T3", []);
    expect(ids(applyEvent(queue(), labelEvent("LABEL_ADDED", REFUND, T3)))).toEqual(["T1", "T2"]);
  });

  it("takes out a transaction whose label comes off", () => {
    const q = applyEvent(queue(), labelEvent("LABEL_REMOVED", REFUND, liveTransaction("T1", [])));
    expect(ids(q)).toEqual(["T2"]);
  });

  it("counts one fewer when a transaction beyond the loaded ones leaves", () => {
    const q = loadQueue(REFUND.id, [T1], 120);
    expect(queueSize(q)).toBe(120);
    expect(queueSize(applyEvent(q, labelEvent("LABEL_REMOVED", REFUND, liveTransaction("T99", []))))).toBe(119);
  });

  it("shows the other labels of its transactions as they change", () => {
    const q = applyEvent(queue(), labelEvent("LABEL_ADDED", SUSPECT, liveTransaction("T1", [REFUND, SUSPECT])));
    expect(q.rows[0]!.labels!.map((l) => l.name)).toEqual(["💸 Remboursement", "🚩 Suspect"]);
    const r = applyEvent(q, labelEvent("LABEL_REMOVED", SUSPECT, liveTransaction("T2", [REFUND])));
    expect(r.rows[1]!.labels!.map((l) => l.name)).toEqual(["💸 Remboursement"]);
    // A transaction outside the queue does not join for another label.
    expect(ids(applyEvent(q, labelEvent("LABEL_ADDED", SUSPECT, liveTransaction("T5", [SUSPECT]))))).toEqual(["T1", "T2"]);
  });

  it("empties when its label is deleted, and says by whom", () => {
    const q = applyEvent(queue(), labelEvent("LABEL_DELETED", REFUND, null, "Alice Admin"));
    expect(q.rows).toEqual([]);
    expect(queueSize(q)).toBe(0);
    expect(q.deletedBy).toBe("Alice Admin");
  });

  it("takes a deleted label off its transactions' chips: no removal comes for each", () => {
    const q = applyEvent(queue(), labelEvent("LABEL_DELETED", SUSPECT, null));
    expect(q.rows.map((r) => r.labels!.map((l) => l.id))).toEqual([["L1"], ["L1"]]);
  });

  it("renames and recolours chips", () => {
    const renamed = applyEvent(queue(), labelEvent("LABEL_RENAMED", { ...SUSPECT, name: "🔎 À vérifier" }, null));
    expect(renamed.rows[1]!.labels![1]!.name).toBe("🔎 À vérifier");
    const recoloured = applyEvent(renamed, labelEvent("LABEL_RECOLOURED", { ...REFUND, color: "#16A34A" }, null));
    expect(recoloured.rows.map((r) => r.labels![0]!.color)).toEqual(["#16A34A", "#16A34A"]);
  });

  it("keeps the marks of rows that are still there when it loads again", () => {
    const T3 = liveTransaction("T3", [REFUND]);
    const joined = applyEvent(queue(), labelEvent("LABEL_ADDED", REFUND, T3));
    const reloaded = loadQueue(REFUND.id, [T3, T1], 2, joined);
    expect([...reloaded.fresh.keys()]).toEqual(["T3"]);
  });
});
