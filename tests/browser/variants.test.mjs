// The browser module's variants: a page without a composer loads only the base module; a page
// with one loads only the full module, and it works; both share the reader's saved entry, so a
// tick on a base page keeps the drafts the full module saved.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready } from "./lib/browser.mjs";
import { recordRequests } from "./lib/requests.mjs";

let site, server;
const KEY = "stepwise:example.org/letters";

before(async () => {
  site = new Site("composer");
  site.build();
  server = await serve(site.out, "/letters/");
});

after(async () => {
  await server?.close();
  site?.remove();
});

/** The module files a fresh browser requests and Chromium's resource timing lists for `path`. */
async function moduleFilesOf(path) {
  const browser = await launch();
  try {
    const requests = recordRequests(browser.context);
    const page = await browser.page();
    await page.goto(server.url + path);
    await ready(page);
    const resources = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
    const moduleFile = (url) => /\/assets\/(stepwise-|checklist_)/.test(url);
    const name = (url) => new URL(url).pathname.split("/").pop().replace(/\.[0-9a-f]{10}\./, ".");
    assert.deepEqual(browser.problems, []);
    return {
      // The page's own requests: the service worker keeps every variant for offline reading.
      requested: requests.pageUrls.filter(moduleFile).map(name).sort(),
      resources: resources.filter(moduleFile).map(name).sort(),
    };
  } finally {
    await browser.close();
  }
}

test("a page without a composer loads only the base module", async () => {
  for (const path of ["", "evidence/"]) {
    const { requested, resources } = await moduleFilesOf(path);
    const expected = ["checklist_base_bg.wasm", "stepwise-base.js"];
    assert.deepEqual(requested, expected, `network requests of /${path}`);
    assert.deepEqual(resources, expected, `resource timing of /${path}`);
  }
});

test("a page with a composer loads only the full module, and its composer works", async () => {
  const { requested, resources } = await moduleFilesOf("bank/");
  const expected = ["checklist_full_bg.wasm", "stepwise-full.js"];
  assert.deepEqual(requested, expected, "network requests");
  assert.deepEqual(resources, expected, "resource timing");

  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(server.url + "note/");
    await ready(page);
    assert.equal(await page.isVisible("[data-composer=note] [data-composer-app]"), true);
    await page.fill("#composer-note-done", "Sent the letter.");
    await page.waitForFunction(() => document.querySelector("[data-composer=note] [data-preview-body]").textContent.includes("Sent the letter."));
  } finally {
    await browser.close();
  }
});

test("a tick on a base page keeps the drafts saved on a composer page, and the letter sees it", async () => {
  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(server.url + "bank/");
    await ready(page);
    await page.fill("#composer-bank-letter-full_name", "Jane Doe");
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes("draft bank-letter full_name Jane%20Doe"), KEY);

    await page.goto(server.url + "evidence/");
    await ready(page);
    await page.click("label[for=task-receipt]");
    await page.waitForFunction((key) => /\ntick evidence\/receipt \d/.test(localStorage.getItem(key) ?? ""), KEY);
    assert.match(await page.evaluate((key) => localStorage.getItem(key), KEY), /draft bank-letter full_name Jane%20Doe/);

    await page.goto(server.url + "bank/");
    await ready(page);
    assert.equal(await page.inputValue("#composer-bank-letter-full_name"), "Jane Doe");
    const body = await page.textContent("[data-composer=bank-letter] [data-preview-body]");
    assert.match(body, /Jane Doe/);
    assert.match(body, /Your receipt/);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});
