// The foundation: a built site, served like a static host with its own `_headers` (strict
// Content-Security-Policy), starts the browser module with no console error or CSP violation,
// under a sub-path.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready, workerSettled } from "./lib/browser.mjs";
import { recordRequests, requestsDuring } from "./lib/requests.mjs";

let site, server, browser;

before(async () => {
  site = new Site("basic");
  site.build();
  server = await serve(site.out, "/docs/guide/");
  browser = await launch();
  await browser.context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
});

test("the module starts on every page, under the strict CSP, with no console error", async () => {
  const page = await browser.page();
  const responses = [];
  page.on("response", (response) => responses.push(response));
  for (const path of ["", "guide/", "guide/first/", "guide/second/", "about/"]) {
    await page.goto(server.url + path);
    await ready(page);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], `CSP violations on /${path}`);
  }
  assert.deepEqual(browser.problems, [], "console errors or warnings");
  // The "page not found" page works too, wherever it is served; the 404 status itself is
  // the only thing the console reports.
  const missing = await page.goto(server.url + "no/such/page/");
  assert.equal(missing.status(), 404);
  await ready(page);
  assert.deepEqual(browser.problems, ["error: Failed to load resource: the server responded with a status of 404 (Not Found)"]);
  browser.problems.length = 0;
  const csp = responses.find((r) => r.url().endsWith("/guide/first/")).headers()["content-security-policy"];
  assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  const wasm = responses.find((r) => r.url().endsWith(".wasm"));
  assert.equal(wasm.headers()["content-type"], "application/wasm");
  assert.match(wasm.headers()["cache-control"], /immutable/);
});

test("the module marks the page's checklists as enhanced", async () => {
  const page = await browser.page();
  await page.goto(server.url + "guide/first/");
  await ready(page);
  const lists = await page.$$eval("[data-checklist]", (els) => els.map((el) => el.hasAttribute("data-enhanced")));
  assert.deepEqual(lists, [true]);
});

test("everything the pages load is one of the site's own files, and a tick loads nothing", async () => {
  const own = await launch();
  const requests = recordRequests(own.context);
  try {
    const page = await own.page();
    await page.goto(server.url + "guide/second/");
    await ready(page);
    assert.ok(requests.urls.length >= 4, "page, stylesheet, scripts and module are loaded");
    await workerSettled(page);
    const ticking = await requestsDuring(requests, page, () => page.click("label[for=task-sent-date]"), server.url + "guide/first/");
    assert.deepEqual(ticking, [], "requests while ticking");
    await ready(page);
    for (const url of requests.urls) assert.ok(server.isSiteFile(url), `${url} is not one of the site's files under ${server.url}`);
    assert.deepEqual(own.problems, []);
  } finally {
    await own.close();
  }
});

test("a page that names no storage namespace is left as plain HTML and nothing is saved", async () => {
  // As a theme that dropped `data-stepwise-site` would write it: the module must not fall
  // back to a namespace that every such guide on the origin would share.
  const html = site.read("public/guide/first/index.html");
  const unnamed = html.replace(/ data-stepwise-site="[^"]*"/, "");
  assert.notEqual(unnamed, html, "the page named its namespace");
  site.write("public/unnamed/index.html", unnamed);
  const own = await launch();
  try {
    const page = await own.page();
    await page.goto(server.url + "unnamed/");
    // Started, or given up: either way the loader is done.
    await page.waitForSelector("html[data-stepwise-ready], html[data-stepwise-failed]", { state: "attached", timeout: 10_000 });
    await page.click("label[for=task-receipt]");
    assert.equal(await page.isChecked("#task-receipt"), true, "the box still ticks, as plain HTML");
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [], "nothing was saved");
    assert.equal(await page.getAttribute("html", "data-stepwise-ready"), null);
    assert.equal(await page.getAttribute("html", "data-stepwise-failed"), "");
    assert.equal(own.problems.length, 1, own.problems.join("\n"));
    assert.match(own.problems[0], /^error: Stepwise: the interactive parts of this page could not start\./);
  } finally {
    await own.close();
  }
});
