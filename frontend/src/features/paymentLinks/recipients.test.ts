import { describe, expect, it } from "vitest";
import { checkReference, isAddress, linkReference, readRecipients, splitRecipients, suffix } from "./recipients";

describe("splitRecipients", () => {
  it("splits on semicolons, ignoring spaces and empty parts", () => {
    expect(splitRecipients("a@x.ch; b@y.ch;;c@z.fr ;")).toEqual(["a@x.ch", "b@y.ch", "c@z.fr"]);
  });

  it("takes line breaks as separators too, as pasted from a spreadsheet", () => {
    expect(splitRecipients("a@x.ch\r\nb@y.ch\n\n")).toEqual(["a@x.ch", "b@y.ch"]);
  });

  it("gives nothing for blank text", () => {
    expect(splitRecipients(" ; ;\n")).toEqual([]);
  });
});

describe("isAddress", () => {
  for (const good of ["a@x.ch", "prenom.nom+tag@sous.domaine.example", "o'neil@example.ie"]) {
    it(`accepts ${good}`, () => expect(isAddress(good)).toBe(true));
  }
  for (const bad of ["a@x", "a x@y.ch", "@y.ch", "a@@y.ch", "a@y.ch, b@z.ch", "Nom <a@y.ch>", `${"a".repeat(250)}@y.ch`]) {
    it(`refuses ${JSON.stringify(bad.slice(0, 20))}`, () => expect(isAddress(bad)).toBe(false));
  }
});

describe("references of several links", () => {
  it("suffixes each link with a 3-digit counter", () => {
    expect([1, 2, 3].map((i) => linkReference("Recouvrement", i, 3))).toEqual([
      "Recouvrement-001",
      "Recouvrement-002",
      "Recouvrement-003",
    ]);
  });

  it("keeps a lone link's reference as it is", () => {
    expect(linkReference("Recouvrement", 1, 1)).toBe("Recouvrement");
  });

  it("leaves no reference without one", () => {
    expect(linkReference("  ", 2, 3)).toBe("");
  });

  it("widens the counter beyond 999 recipients", () => {
    expect([suffix(7, 999), suffix(7, 1000), suffix(1000, 1000)]).toEqual(["-007", "-0007", "-1000"]);
  });
});

describe("readRecipients", () => {
  it("gives each address its link's reference, in order", () => {
    expect(readRecipients("a@x.ch; b@y.ch;;c@z.fr", "Recouvrement")).toEqual([
      { address: "a@x.ch", reference: "Recouvrement-001" },
      { address: "b@y.ch", reference: "Recouvrement-002" },
      { address: "c@z.fr", reference: "Recouvrement-003" },
    ]);
  });

  it("marks invalid addresses and repeats, whatever their case, at their position", () => {
    const got = readRecipients("a@x.ch; pas-une-adresse; A@X.CH; b@y.ch", "");
    expect(got.map((r) => r.problem)).toEqual([undefined, { kind: "invalid" }, { kind: "duplicate", of: 0 }, undefined]);
  });
});

describe("checkReference", () => {
  const letters = (n: number) => "A".repeat(n);

  it("accepts 63 and 64 characters, refuses 65", () => {
    expect(checkReference(letters(63), false, 1)).toBeUndefined();
    expect(checkReference(letters(64), false, 1)).toBeUndefined();
    expect(checkReference(letters(65), false, 1)).toEqual({ kind: "tooLong", max: 64, length: 65 });
  });

  it("refuses anything but letters and digits", () => {
    for (const ref of ["CMD-1", "CMD 1", "Réservation", "CMD_1"]) {
      expect(checkReference(ref, false, 1)).toEqual({ kind: "notAlphanumeric" });
    }
  });

  it("requires a reference only when the shop says so", () => {
    expect(checkReference("", true, 1)).toEqual({ kind: "required" });
    expect(checkReference(" ", false, 1)).toBeUndefined();
  });

  it("refuses a reference the suffix pushes over 64", () => {
    expect(checkReference(letters(60), false, 2)).toBeUndefined();
    expect(checkReference(letters(61), false, 2)).toEqual({ kind: "tooLongWithSuffix", max: 60, length: 61, example: "-001" });
    expect(checkReference(letters(60), false, 1000)).toEqual({ kind: "tooLongWithSuffix", max: 59, length: 60, example: "-0001" });
  });
});
