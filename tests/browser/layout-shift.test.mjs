// Nothing moves after first paint: the cumulative layout shift of every page type of the guide,
// at 390 px and 1366 px, stays at most 0.01, counted by a PerformanceObserver from before the
// page's first byte until the browser module has started and the service worker has activated
// (the first visit, so its install and activation are part of what is measured).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready } from "./lib/browser.mjs";
import { observeLayoutShifts, layoutShifts, total } from "./lib/layout-shift.mjs";

const BASE = "/tiktok-refund/";
const LIMIT = 0.01;
const PAGE_TYPES = [
  { name: "home", path: "" },
  { name: "section", path: "steps/" },
  { name: "step with checklist", path: "steps/gather-evidence/" },
  { name: "composer", path: "steps/contact-tiktok/" },
  { name: "sources", path: "sources/" },
  { name: "404", path: "no-such-page/" },
];
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
];

let site, server;

before(async () => {
  site = new Site("guide");
  site.build();
  server = await serve(site.out, BASE, { gzip: true });
});

after(async () => {
  await server?.close();
  site?.remove();
});

const results = [];

for (const viewport of VIEWPORTS) {
  for (const type of PAGE_TYPES) {
    test(`CLS ≤ ${LIMIT} at ${viewport.width} px: ${type.name}`, async () => {
      const browser = await launch({ viewport });
      try {
        await browser.context.addInitScript(observeLayoutShifts);
        const page = await browser.page();
        await page.goto(server.url + type.path);
        await ready(page);
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
        const shifts = await layoutShifts(page);
        const cls = total(shifts);
        results.push(`${viewport.width} px ${type.name}: ${cls.toFixed(4)}`);
        assert.ok(cls <= LIMIT, `CLS ${cls.toFixed(4)}: ${JSON.stringify(shifts)}`);
      } finally {
        await browser.close();
      }
    });
  }
}

test("the figures", (t) => {
  for (const line of results) t.diagnostic(line);
  assert.equal(results.length, VIEWPORTS.length * PAGE_TYPES.length);
});
