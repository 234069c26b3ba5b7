// Headless Chromium (Debian's package; nothing is downloaded) driven by playwright-core.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

export const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Starts Chromium with a fresh profile. Returns { context, close, problems }: `problems`
 * collects console errors, page errors and CSP violations from every page of the context.
 */
export async function launch({ viewport = { width: 1280, height: 900 }, colorScheme = "light", extraArgs = [], ...options } = {}) {
  if (!CHROMIUM) throw new Error("Chromium not found: install Debian's `chromium` package (the test command does this)");
  const profile = mkdtempSync(join(tmpdir(), "stepwise-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...extraArgs],
    viewport,
    colorScheme,
    acceptDownloads: true,
    ...options,
  });
  const problems = [];
  const watch = (page) => {
    page.on("console", (message) => {
      // Asked for with `serviceWorkers: "block"`, not a problem of the page.
      if (options.serviceWorkers === "block" && message.text() === "Service Worker registration blocked by Playwright") return;
      if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    problems,
    async page() {
      const page = context.pages()[0] ?? (await context.newPage());
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the browser module has started on `page`. */
export async function ready(page) {
  await page.waitForSelector("html[data-stepwise-ready]", { timeout: 10_000 });
}

/** Waits until the site's service worker is active: the first visit's files are kept, so the
 * worker makes no more requests of its own (tests that count requests wait for this). */
export async function workerSettled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
}

/** Runs axe-core in the page; returns its violations (empty means none). */
export async function axe(page, options = {}) {
  const source = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  // Injected through the DevTools protocol, so the page's own CSP does not block it.
  await page.evaluate(source);
  return page.evaluate(async (options) => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      ...options,
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, options);
}
