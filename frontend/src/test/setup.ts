import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { initI18n } from "@/lib/i18n";

// Tests read French, the app's default language.
await initI18n("fr").changeLanguage("fr");

afterEach(() => cleanup());

// jsdom lacks what Ant Design measures the page with.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= NoResizeObserver as unknown as typeof ResizeObserver;

// jsdom does not implement pseudo-element styles; antd asks for them.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (elt: Element) => getComputedStyle(elt);

// user-event leaves keyCode and which at 0 under jsdom, and Ant Design's
// Select reads which (Enter picks the active option): derive them from key.
const KEY_CODES: Record<string, number> = {
  Enter: 13, Tab: 9, Escape: 27, Backspace: 8, " ": 32,
  ArrowLeft: 37, ArrowUp: 38, ArrowRight: 39, ArrowDown: 40,
};
for (const prop of ["keyCode", "which"] as const) {
  Object.defineProperty(KeyboardEvent.prototype, prop, {
    configurable: true,
    get(this: KeyboardEvent) {
      return KEY_CODES[this.key] ?? (this.key.length === 1 ? this.key.toUpperCase().charCodeAt(0) : 0);
    },
  });
}
