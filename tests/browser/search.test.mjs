// Search in a real browser, on the real guide: nothing about search loads before the reader
// asks; the relevance set (each query's expected first result); the keyboard; marked
// excerpts built from text; hostile queries; the search page with and without JavaScript; the
// shards cached after first use; no request leaving the site, no CSP violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready, axe } from "./lib/browser.mjs";
import { recordRequests } from "./lib/requests.mjs";

let site, server;

before(async () => {
  site = new Site("guide");
  // A page whose text looks like HTML: results must show it as text.
  site.write(
    "content/search-test.md",
    "---\ntitle: Markup <b>bold</b> test\n---\n\nThe word `<img src=x onerror=alert(1)>` zebrafish stands in code.\n",
  );
  site.build("--base-url", "https://example.org/refund/");
  server = await serve(site.out, "/refund/");
});

after(async () => {
  await server?.close();
  site?.remove();
});

const FIELD = "#site-search-input";

/** Types `query` into the header field and waits for its results (or status). */
async function search(page, query, field = FIELD) {
  const form = page.locator(`form:has(${field})`);
  const before = (await form.getAttribute("data-search-done")) ?? "";
  await page.fill(field, query);
  if (!query.trim()) return;
  await page.waitForFunction(
    ({ field, before }) => {
      const form = document.querySelector(field).form;
      return (form.getAttribute("data-search-done") ?? "") !== before || form.querySelector("[data-search-status]").textContent.startsWith("Search is not");
    },
    { field, before },
  );
}

const results = (page, list = "#site-search-list") =>
  page.$$eval(`${list} a`, (links) => links.map((a) => new URL(a.href).pathname + new URL(a.href).hash));

async function withBrowser(fn, options) {
  const browser = await launch(options);
  try {
    await browser.context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
    });
    const page = await browser.page();
    await fn(page, browser);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations ?? []), [], "CSP violations");
    assert.deepEqual(browser.problems, [], "console errors");
  } finally {
    await browser.close();
  }
}

test("nothing about search loads until the reader focuses the field; then only site files", async () => {
  await withBrowser(async (page, browser) => {
    const requests = recordRequests(browser.context);
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    const searchFiles = (urls) => urls.filter((u) => /search|search_wasm/.test(new URL(u).pathname));
    assert.deepEqual(searchFiles(requests.urls), [], "search files before any search");
    assert.ok(requests.urls.some((u) => /\/assets\/stepwise-base\.[0-9a-f]+\.js$/.test(u)), "the page's script (which starts search) is loaded");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input", "/ focuses the field");
    await page.waitForSelector("form.site-search[data-search-ready]");
    await search(page, "chargeback");
    const loaded = searchFiles(requests.urls).map((u) => new URL(u).pathname);
    assert.ok(loaded.some((p) => /search_wasm_bg\.[0-9a-f]+\.wasm$/.test(p)), loaded.join("\n"));
    assert.ok(loaded.includes("/refund/search/index.bin"), loaded.join("\n"));
    assert.ok(loaded.some((p) => p.includes("/assets/search/t.")), "a term shard");
    assert.ok(loaded.some((p) => p.includes("/assets/search/m.")), "metadata of shown results");
    const metas = loaded.filter((p) => p.includes("/assets/search/m."));
    assert.ok(metas.length <= 5, `only shown results' metadata: ${metas.length}`);
    for (const url of requests.urls) assert.ok(server.isSiteFile(url), `request outside the site's files: ${url}`);
    // The page's own requests: a service worker keeping the guide for offline reading fetches
    // the whole index on its own (see offline.test.mjs), after the page has loaded.
  }, { serviceWorkers: "block" });
});

// Each query and the page (and, where given, the part) its first result must land on; where
// two pages answer the query equally well, either.
const RELEVANCE = [
  ["chargeback", ["other-routes/card-dispute/", "other-routes/after-a-dispute/"]],
  ["apple receipt", "steps/gather-evidence/#apple-receipts"],
  ["scam", "scams/"],
  ["how long", ["steps/follow-up/#how-long-to-wait", "other-routes/google-play/#how-long"]],
  ["coins", "what-went-wrong/#coins-not-back"],
  ["recipt", "steps/gather-evidence/"],
  ["google play", "other-routes/google-play/"],
  ["privacy", "privacy/"],
  ["support email", "scams/#no-support-email"],
  ["legal advice", "other-routes/legal-advice/"],
  ["section 75", ["other-routes/card-dispute/#section-75", "other-routes/business-buyers/#section-75"]],
  ["family sharing", "other-routes/apple/"],
  ["ombudsman", ["other-routes/consumer-help/#financial-ombudsman", "other-routes/business-buyers/#financial-ombudsman"]],
  ["evidence", "steps/gather-evidence/"],
  ["payment receipt", "steps/gather-evidence/#task-receipt"],
  ["screenshot", "steps/gather-evidence/"],
  ["unpaid order", "other-routes/apple/#before-you-start"],
  ["two step verification", "next-time/#task-two-step"],
  ["dispute", ["other-routes/card-dispute/", "other-routes/after-a-dispute/"]],
  ["contact tiktok", "steps/contact-tiktok/"],
  // Prefixes while typing, and typos in words of five letters or more.
  ["charg", ["other-routes/card-dispute/", "other-routes/after-a-dispute/"]],
  ["gath", "steps/gather-evidence/"],
  ["chargebak", ["other-routes/card-dispute/", "other-routes/after-a-dispute/"]],
  ["screnshot", "steps/gather-evidence/"],
];

test(`relevance: ${RELEVANCE.length} queries land on their expected first result`, async () => {
  await withBrowser(async (page) => {
    await page.goto(server.url);
    await ready(page);
    await page.focus(FIELD);
    await page.waitForSelector("form.site-search[data-search-ready]");
    const misses = [];
    for (const [query, expected] of RELEVANCE) {
      await search(page, query);
      const [first] = await results(page);
      const wanted = [expected].flat().map((e) => "/refund/" + e);
      const ok = wanted.some((want) => (want.includes("#") ? first === want : first?.split("#")[0] === want));
      if (!ok) misses.push(`${query}: got ${first}, expected ${wanted.join(" or ")}`);
    }
    assert.deepEqual(misses, []);
  });
});

test("results: count announced, matched words marked, text never HTML, checklist items land on the item", async () => {
  await withBrowser(async (page) => {
    await page.goto(server.url);
    await ready(page);
    await page.focus(FIELD);
    await search(page, "payment receipt");
    assert.match(await page.textContent("form.site-search [data-search-status]"), /^\d+ results? for “payment receipt”$/);
    assert.equal(await page.getAttribute("form.site-search [data-search-status]", "aria-live"), "polite");
    const first = page.locator("#site-search-list li").first();
    assert.deepEqual(await first.locator("mark").allTextContents(), ["Payment", "receipt"]);
    const [href] = await results(page);
    assert.equal(href, "/refund/steps/gather-evidence/#task-receipt");
    await first.locator("a").click();
    await page.waitForURL(/gather-evidence\/#task-receipt$/);
    assert.equal(await page.evaluate(() => document.getElementById("task-receipt")?.type), "checkbox");

    await page.focus(FIELD);
    await search(page, "zebrafish");
    const item = page.locator("#site-search-list li").first();
    assert.equal(await item.locator(".search-result-title").textContent(), "Markup <b>bold</b> test");
    assert.match(await item.textContent(), /img src=x onerror=alert\(1\)> zebrafish/);
    assert.equal(await page.locator("#site-search-list b, #site-search-list img").count(), 0);
  });
});

test("keyboard: / focuses, arrows choose, Enter opens, Esc closes then clears", async () => {
  await withBrowser(async (page) => {
    await page.goto(server.url + "scams/");
    await ready(page);
    await page.keyboard.press("/");
    await search(page, "refund");
    const input = page.locator(FIELD);
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    const active = await input.getAttribute("aria-activedescendant");
    assert.equal(active, "site-search-input-result-0");
    assert.equal(await page.getAttribute(`#${active}`, "aria-selected"), "true");
    const [href] = await results(page);
    await page.keyboard.press("Escape");
    assert.equal(await input.getAttribute("aria-expanded"), "false");
    assert.equal(await page.isHidden("form.site-search [data-search-results]"), true);
    await page.keyboard.press("ArrowDown");
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname + url.hash === href);
    await page.focus(FIELD);
    await search(page, "refund");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    assert.equal(await input.inputValue(), "");
  });
});

test("hostile queries get a sensible answer and no console error", async () => {
  await withBrowser(async (page) => {
    await page.goto(server.url);
    await ready(page);
    await page.focus(FIELD);
    const status = () => page.textContent("form.site-search [data-search-status]");
    for (const query of ["?!*+()[]{}^$|\\.", ".*", "(", "\\", "🙂💸", "שלום עולם", "退款申请", "%s%n", "<script>"]) {
      await search(page, query);
      assert.match(await status(), /^(No results|\d+ results?) for “/, query);
    }
    await search(page, "x".repeat(10_000));
    assert.match(await status(), /^No results for “x{60}…”$/);
    await search(page, "refund ".repeat(1_500));
    assert.match(await status(), /^\d+ results? for “refund refund/);
    await search(page, "");
    assert.equal(await page.locator(FIELD).getAttribute("aria-expanded"), "false");
  });
});

test("the search page shows results for ?q= and lists every page A to Z", async () => {
  await withBrowser(async (page) => {
    await page.goto(server.url + "search/?q=chargeback");
    await ready(page);
    await page.waitForSelector("#page-search-list li");
    const [first] = await results(page, "#page-search-list");
    assert.match(first, /^\/refund\/other-routes\/(card-dispute|after-a-dispute)\//);
    assert.equal(await page.inputValue("#page-search-input"), "chargeback");
    assert.deepEqual(await axe(page), []);
  });
});

test("without JavaScript a link takes the field's place and leads to the search page, which says why and lists every page A to Z", async () => {
  const sitemap = site.read("public/sitemap.xml");
  const count = [...sitemap.matchAll(/<loc>/g)].length;
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = await browser.page();
    await page.goto(server.url + "steps/");
    assert.equal(await page.isVisible(FIELD), false, "the field cannot work without JavaScript");
    // By keyboard: Playwright's pointer cannot hit-test inside <noscript>.
    await page.focus(".site-search-nojs");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/refund\/search\/$/);
    assert.match(await page.textContent(".content"), /Search needs JavaScript/);
    const titles = await page.$$eval(".all-pages a", (links) => links.map((a) => a.textContent));
    assert.equal(titles.length, count, "every page");
    const sorted = [...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    assert.deepEqual(titles, sorted);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("shards are cached after first use: a later visit reads them without asking the server", async () => {
  await withBrowser(async (page, browser) => {
    await page.goto(server.url);
    await ready(page);
    await page.focus(FIELD);
    await search(page, "chargeback");
    const cached = await page.evaluate(async () => (await (await caches.open("stepwise-search-v1")).keys()).map((r) => new URL(r.url).pathname));
    assert.ok(cached.some((p) => p.includes("/assets/search/t.")), cached.join("\n"));
    const requests = recordRequests(browser.context);
    await page.goto(server.url + "scams/");
    await ready(page);
    await page.focus(FIELD);
    await search(page, "chargeback");
    const shards = requests.urls.filter((u) => u.includes("/assets/search/"));
    assert.deepEqual(shards, [], "shards came from the cache");
    assert.match((await results(page))[0], /^\/refund\/other-routes\/(card-dispute|after-a-dispute)\//);
  });
});

test("the field reserves its room: nothing moves when search starts and results open (phone and desktop)", async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
    await withBrowser(async (page) => {
      await page.goto(server.url + "steps/gather-evidence/");
      await ready(page);
      const box = () => page.evaluate(() => {
        const r = document.querySelector("main h1").getBoundingClientRect();
        const f = document.querySelector("#site-search-input").getBoundingClientRect();
        return [r.top, f.top, f.height, f.width];
      });
      const before = await box();
      await page.focus(FIELD);
      await search(page, "receipt");
      assert.deepEqual(await box(), before);
      assert.ok(before[2] >= 44, "the field is at least 44 px high");
    }, { viewport });
  }
});
