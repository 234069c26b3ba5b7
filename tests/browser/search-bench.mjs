// The search half of `stepwise-bench`: in headless Chromium, on a built site that Pagefind has
// also indexed (into <site>/pagefind), measures for Stepwise and for Pagefind the bytes a cold
// query downloads (each in a fresh browser: the search code, the index files and the metadata
// of the first 5 results; files already gzipped count as they are, others as gzip -9 would
// send them), and the warm time from a keypress to results once the files are cached.
//
// Usage: node search-bench.mjs <built site> <base path> <page to search from> <query>...
// Prints one JSON object.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve } from "./lib/server.mjs";
import { launch } from "./lib/browser.mjs";

const [root, basePath, startPage, ...queries] = process.argv.slice(2);
const SHOWN = 5;
const WARM_RUNS = 15;

/** Bytes as a host sends the file: gzipped files as they are, others gzipped. */
function wireBytes(path) {
  if (!existsSync(path)) return 0;
  const bytes = readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes.length : gzipSync(bytes, { level: 9 }).length;
}

const server = await serve(root, basePath, { headers: false });
const fileOf = (url) => join(root, decodeURIComponent(new URL(url).pathname).slice(basePath.length));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function fresh(fn) {
  const browser = await launch();
  try {
    const urls = [];
    browser.context.on("request", (request) => urls.push(request.url()));
    const page = await browser.page();
    return await fn(page, urls);
  } finally {
    await browser.close();
  }
}

async function stepwiseQuery(query) {
  return fresh(async (page, urls) => {
    await page.goto(server.url + startPage);
    const start = urls.length;
    await page.focus("#site-search-input");
    await page.waitForSelector("form.site-search[data-search-ready]");
    await page.fill("#site-search-input", query);
    await page.waitForFunction(() => document.querySelector("form.site-search").hasAttribute("data-search-done"));
    const count = await page.locator("#site-search-list li").count();
    // What the query loads (the lines that start search are in the page's own script, which
    // every page loads whether or not the reader searches).
    const searchUrls = urls.filter((u, i) => i >= start);
    const bytes = searchUrls.filter((u) => /search/.test(new URL(u).pathname)).reduce((sum, u) => sum + wireBytes(fileOf(u)), 0);
    const warm = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const typed = i % 2 ? query : query.slice(0, -1);
      const before = await page.getAttribute("form.site-search", "data-search-done");
      await page.fill("#site-search-input", typed);
      await page.waitForFunction((b) => document.querySelector("form.site-search").getAttribute("data-search-done") !== b, before);
      if (i >= 2) warm.push(Number(await page.getAttribute("form.site-search", "data-search-ms")));
    }
    return { bytes, requests: searchUrls.length, shown: count, warm_ms: median(warm) };
  });
}

async function pagefindQuery(query) {
  return fresh(async (page, urls) => {
    // A page without a Content-Security-Policy of its own: Pagefind is loaded by hand.
    await page.goto(server.url + "robots.txt");
    const start = urls.length;
    const shown = await page.evaluate(async ({ base, query, shown }) => {
      const pagefind = await import(`${base}pagefind/pagefind.js`);
      await pagefind.init();
      const search = await pagefind.search(query);
      await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
      window.__pagefind = pagefind;
      return Math.min(shown, search.results.length);
    }, { base: basePath, query, shown: SHOWN });
    const pagefindUrls = urls.slice(start).filter((u) => new URL(u).pathname.includes("/pagefind/"));
    const bytes = pagefindUrls.reduce((sum, u) => sum + wireBytes(fileOf(u)), 0);
    const warm = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const typed = i % 2 ? query : query.slice(0, -1);
      const ms = await page.evaluate(async ({ typed, shown }) => {
        const started = performance.now();
        const search = await window.__pagefind.search(typed);
        await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
        return performance.now() - started;
      }, { typed, shown: SHOWN });
      if (i >= 2) warm.push(ms);
    }
    return { bytes, requests: pagefindUrls.length, shown, warm_ms: Math.round(median(warm) * 10) / 10 };
  });
}

const out = { queries: {} };
for (const query of queries) {
  out.queries[query] = { stepwise: await stepwiseQuery(query), pagefind: await pagefindQuery(query) };
}
await server.close();
console.log(JSON.stringify(out));
