import { describe, expect, it } from "vitest";
import { formFieldOf, isEmail, journalPresetOf, newSchedule, toScheduleInput } from "./schedule";

describe("report schedule form", () => {
  it("starts with the recommended settings: the account-update report, daily, without empty results, ';' in French", () => {
    expect(newSchedule("FR")).toMatchObject({ kind: "ACCOUNT_UPDATES", frequency: "DAILY", separator: "SEMICOLON", sendEmpty: false, hour: 6 });
    expect(newSchedule("EN").separator).toBe("COMMA");
  });

  it("sends the journal's search and filter with a journal report only", () => {
    const v = { ...newSchedule("FR"), name: " Compta ", emailRecipients: [" a@b.ch "], journalSearch: " CMD " };
    expect(toScheduleInput(v, { statusIn: ["CAPTURED"] })).not.toHaveProperty("journalSearch");
    expect(toScheduleInput(v, { statusIn: ["CAPTURED"] })).not.toHaveProperty("journalWhere");
    expect(toScheduleInput({ ...v, kind: "JOURNAL" }, { statusIn: ["CAPTURED"] })).toMatchObject({
      name: "Compta",
      emailRecipients: ["a@b.ch"],
      journalSearch: "CMD",
      journalWhere: { statusIn: ["CAPTURED"] },
    });
  });

  it("puts the server's errors on their field", () => {
    expect(formFieldOf("input.emailRecipients[2]")).toBe("emailRecipients");
    expect(formFieldOf("input.deliverToFolder")).toBe("deliverToFolder");
    expect(formFieldOf("input.journalWhere.statusIn")).toBe("journalSearch");
    expect(formFieldOf("input.unknown")).toBeUndefined();
    expect(formFieldOf(undefined)).toBeUndefined();
  });

  it("tells addresses from typos", () => {
    expect(["compta@hotel.ch", "compta@hotel", "compta hotel.ch", "a@b.ch;c@d.ch"].map(isEmail)).toEqual([true, false, false, false]);
  });

  it("takes the journal's filter and search from the URL, without its days", () => {
    const where = JSON.stringify({ statusIn: ["FAILED"], createdAtGTE: "2026-11-01T00:00:00+01:00", createdAtLT: "2026-11-02T00:00:00+01:00" });
    const p = new URLSearchParams({ new: "JOURNAL", where, search: " CMD " });
    expect(journalPresetOf(p)).toEqual({ where: { statusIn: ["FAILED"] }, search: "CMD" });
    expect(journalPresetOf(new URLSearchParams({ new: "JOURNAL", where: "{not json" }))).toEqual({});
    expect(journalPresetOf(new URLSearchParams({ where }))).toBeUndefined();
  });
});
