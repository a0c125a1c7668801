/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The SPA lives in frontend/; the Go server embeds frontend/dist.
export default defineConfig({
  root: import.meta.dirname,
  // One node_modules, at the repository root.
  cacheDir: "../node_modules/.vite",
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The largest chunks load only when needed: ECharts with the live
    // dashboard's charts, each language's emoji data with the emoji picker.
    chunkSizeWarningLimit: 850,
  },
  server: {
    // The API (its subscriptions over WebSocket too), the login endpoints
    // and the development identity provider.
    proxy: Object.fromEntries(
      ["/graphql", "/auth", "/dev-idp"].map((path) => [path, { target: "http://localhost:8080", ws: path === "/graphql" }]),
    ),
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    // e2e/ holds the Playwright tests, run against a live server.
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
    testTimeout: 20000,
  },
});
