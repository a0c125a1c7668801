import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DesignProvider } from "@/app/provider";
import type { Cursor, PageInfo } from "@/lib/pagination";
import { CursorPager } from "./CursorPager";

const PAGE: PageInfo = { hasNextPage: true, hasPreviousPage: false, startCursor: "s", endCursor: "e" };

function setup(cursor: Cursor, opts: { pageInfo?: PageInfo; stale?: boolean; totalCount?: number } = {}) {
  const { pageInfo = PAGE, stale = false } = opts;
  const totalCount = "totalCount" in opts ? opts.totalCount : 40000;
  const onChange = vi.fn();
  render(
    <DesignProvider>
      <CursorPager cursor={cursor} pageInfo={pageInfo} totalCount={totalCount} stale={stale} onChange={onChange} />
    </DesignProvider>,
  );
  const button = (name: string) => screen.getByRole("button", { name });
  return { onChange, button, user: userEvent.setup() };
}

describe("CursorPager", () => {
  it("pages forwards from the first page", async () => {
    const { onChange, button, user } = setup({ size: 25 });
    expect(screen.getByRole("navigation", { name: "Pages" })).toHaveTextContent("40 000 transactions");
    expect(button("« Début")).toBeDisabled();
    expect(button("‹ Précédente")).toBeDisabled();
    await user.click(button("Suivante ›"));
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ size: 25, after: "e" });
  });

  it("pages backwards", async () => {
    const { onChange, button, user } = setup({ size: 50, after: "x" }, { pageInfo: { ...PAGE, hasPreviousPage: true } });
    await user.click(button("‹ Précédente"));
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ size: 50, before: "s" });
  });

  it("goes forwards again from a page reached backwards", async () => {
    const { onChange, button, user } = setup({ size: 50, before: "x" }, { pageInfo: { ...PAGE, hasPreviousPage: true } });
    await user.click(button("Suivante ›"));
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ size: 50, after: "e" });
    await user.click(button("« Début"));
    expect(onChange).toHaveBeenLastCalledWith({ size: 50 });
  });

  it("stops at the last page", () => {
    const { button } = setup({ size: 50, after: "x" }, { pageInfo: { ...PAGE, hasNextPage: false } });
    expect(button("Suivante ›")).toBeDisabled();
  });

  it("offers no cursor of a list that is being replaced", () => {
    const { button } = setup({ size: 50, after: "x" }, { stale: true, pageInfo: { ...PAGE, hasPreviousPage: true } });
    expect(button("Suivante ›")).toBeDisabled();
    expect(button("‹ Précédente")).toBeDisabled();
  });

  it("changes the page size from the first page", async () => {
    const { onChange, user } = setup({ size: 50, after: "x" });
    await user.click(screen.getByRole("combobox", { name: "Lignes par page" }));
    await user.keyboard("{ArrowDown}{Enter}");
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ size: 100 });
  });

  it("shows nothing for an unknown total", () => {
    setup({ size: 50 }, { totalCount: undefined });
    expect(screen.getByRole("navigation", { name: "Pages" })).not.toHaveTextContent("transactions");
  });
});
