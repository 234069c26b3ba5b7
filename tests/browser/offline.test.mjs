// Offline reading as a reader meets it: the first visit keeps the whole guide; with the network
// gone (and the host stopped) every page opens, ticks and drafts are saved and survive a
// reload; the author republishes, the reader comes back online and is offered the newer
// version, which a reload shows with their ticks kept. Under `stepwise serve` nothing is kept:
// no worker registers, and one a published copy left on the same address removes itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawn } from "node:child_process";
import { Site, STEPWISE } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready } from "./lib/browser.mjs";
import { observeLayoutShifts, layoutShifts, total } from "./lib/layout-shift.mjs";

const BASE = "/tiktok-refund/";
const UPDATE = "A newer version of this guide is available.";
let site;

before(() => {
  site = new Site("guide");
  site.build();
});

after(() => site?.remove());

/** Every page of a built site, as addresses relative to its base path ("", "steps/"). */
function pagesOf(out) {
  const pages = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        if (name !== "assets") walk(path);
      } else if (name === "index.html" && !readFileSync(path, "utf8").includes('http-equiv="refresh"')) {
        pages.push(relative(out, folder) === "" ? "" : `${relative(out, folder)}/`);
      }
    }
  };
  walk(out);
  return pages.sort();
}

/** Waits until a service worker controls `page` and is active (the first visit's files kept). */
async function workerReady(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.scope;
  });
}

/** The addresses kept in the service worker's caches (`stepwise <scope> <version>`), by cache name. */
const cached = (page) =>
  page.evaluate(async () => {
    const result = {};
    for (const name of (await caches.keys()).filter((name) => name.startsWith("stepwise http"))) {
      const cache = await caches.open(name);
      result[name] = (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
    }
    return result;
  });

test("the first visit keeps the guide: offline every page opens, ticks and drafts are saved; a republished guide is offered and shown with ticks kept", async () => {
  let server = await serve(site.out, BASE);
  const port = server.port;
  const browser = await launch({ viewport: { width: 390, height: 844 } });
  try {
    await browser.context.addInitScript(observeLayoutShifts);
    const page = await browser.page();
    await page.goto(server.url);
    await ready(page);
    assert.equal(await workerReady(page), server.url);
    const worker = readFileSync(join(site.out, "sw.js"), "utf8");
    const precache = JSON.parse(worker.match(/^const PRECACHE = (.*);$/m)[1]);
    const caches = await cached(page);
    assert.equal(Object.keys(caches).length, 1, "one cache for this version");
    const [firstCache] = Object.keys(caches);
    assert.deepEqual(caches[firstCache], [...precache].sort());
    const pages = pagesOf(site.out);
    assert.ok(pages.length >= 10, `the guide's pages: ${pages}`);
    for (const path of pages) assert.ok(precache.includes(BASE + path), `${path} is kept`);

    // Offline, with the host gone too.
    await server.close();
    await browser.context.setOffline(true);
    for (const path of pages) {
      const response = await page.goto(server.url + path);
      assert.equal(response.status(), 200, path);
      assert.ok(response.fromServiceWorker(), path);
      await ready(page);
      assert.ok(await page.$("main h1"), `${path} shows its page`);
    }
    // Search works offline from the first visit: its module and index were kept with the guide.
    await page.goto(server.url);
    await ready(page);
    await page.focus("[data-search-input]");
    await page.keyboard.type("chargeback");
    await page.waitForSelector("#site-search-list a");
    assert.match(await page.textContent("[data-search-status]"), /result/);
    const missing = await page.goto(server.url + "no-such-page/");
    assert.match(await page.textContent("h1"), /Page not found/);
    assert.ok(missing);

    // Ticks and drafts are saved offline and survive a reload.
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    await page.click("label[for=task-receipt]");
    await page.reload();
    await ready(page);
    assert.equal(await page.isChecked("#task-receipt"), true);
    await page.goto(server.url + "steps/contact-tiktok/");
    await ready(page);
    await page.fill("input[name=username]", "@offline-reader");
    await page.waitForFunction(() => Object.keys(localStorage).some((key) => localStorage.getItem(key).includes("@offline-reader")));
    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue("input[name=username]"), "@offline-reader");

    // The author republishes; the reader comes back online.
    site.write("content/_index.md", site.read("content/_index.md") + "\nThis sentence was added when the guide was republished.\n");
    site.build();
    assert.notEqual(readFileSync(join(site.out, "sw.js"), "utf8"), worker, "a new build gives a new worker");
    await page.goto(server.url);
    await ready(page);
    assert.equal(await page.getByText("This sentence was added").count(), 0, "offline, the kept version shows");
    // At the foot of the page, where a notice in the page's flow would push the footer.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const shiftsBefore = (await layoutShifts(page)).length;
    server = await serve(site.out, BASE, { port });
    await browser.context.setOffline(false);
    const notice = page.locator("[data-stepwise-update]");
    await notice.getByRole("button", { name: "Reload" }).waitFor({ timeout: 20_000 });
    assert.equal(await notice.getAttribute("role"), "status");
    assert.equal(await notice.locator("p").textContent(), UPDATE);
    const shifts = (await layoutShifts(page)).slice(shiftsBefore);
    assert.ok(total(shifts) <= 0.01, `the notice moves nothing: ${JSON.stringify(shifts)}`);
    assert.equal(await page.getByText("This sentence was added").count(), 0, "nothing changes until the reader reloads");

    await Promise.all([page.waitForEvent("load"), notice.getByRole("button", { name: "Reload" }).click()]);
    await ready(page);
    await page.getByText("This sentence was added").waitFor();
    assert.equal(await notice.textContent(), "", "the new version is not offered again");
    const after = await cached(page);
    assert.equal(Object.keys(after).length, 1, "the old version's cache is deleted");
    assert.notEqual(Object.keys(after)[0], firstCache);
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    assert.equal(await page.isChecked("#task-receipt"), true, "ticks are kept");
    await page.goto(server.url + "steps/contact-tiktok/");
    await ready(page);
    assert.equal(await page.inputValue("input[name=username]"), "@offline-reader", "drafts are kept");
    assert.deepEqual(
      browser.problems.filter((problem) => !problem.includes("net::ERR_INTERNET_DISCONNECTED")),
      [],
    );
  } finally {
    await browser.close();
    await server.close();
  }
});

test("site.yaml's offline: false registers no worker, and removes the copy an earlier version left", async () => {
  const local = new Site("basic");
  local.build();
  const server = await serve(local.out, "/docs/guide/");
  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(server.url);
    await ready(page);
    await workerReady(page);
    assert.ok(Object.keys(await cached(page)).length > 0, "the offline version was kept");

    local.write("site.yaml", local.read("site.yaml") + "offline: false\n");
    local.build();
    assert.ok(!readdirSync(local.out).includes("manifest.webmanifest"));
    const html = readFileSync(join(local.out, "index.html"), "utf8");
    assert.ok(!html.includes('rel="manifest"'), "no manifest");
    const loaders = readdirSync(join(local.out, "assets")).filter((name) => name.startsWith("stepwise-"));
    assert.ok(loaders.length > 0);
    for (const loader of loaders) {
      assert.ok(!readFileSync(join(local.out, "assets", loader), "utf8").includes("serviceWorker"), `${loader} registers nothing`);
    }
    assert.doesNotMatch(readFileSync(join(local.out, "sw.js"), "utf8"), /addEventListener\("fetch"/);

    // The reader's next visit: the browser finds the new sw.js, which removes the old copy.
    await page.goto(server.url + "guide/first/");
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 0 && (await caches.keys()).length === 0, null, {
      polling: 100,
      timeout: 20_000,
    });
    const fresh = await launch();
    try {
      const other = await fresh.page();
      await other.goto(server.url);
      await ready(other);
      assert.equal(await other.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
      assert.equal(await other.evaluate(() => document.querySelector('link[rel="manifest"]')), null);
    } finally {
      await fresh.close();
    }
  } finally {
    await browser.close();
    await server.close();
    local.remove();
  }
});

test("a guide too large to keep whole keeps the pages the reader opened (the first one too)", async () => {
  const local = new Site("basic");
  for (let n = 1; n <= 300; n++) {
    local.write(`content/many/page-${n}.md`, `---\ntitle: Page ${n}\n---\nPage number ${n}.\n`);
  }
  local.write("content/many/_index.md", "---\ntitle: Many\n---\n");
  local.build();
  assert.match(readFileSync(join(local.out, "sw.js"), "utf8"), /^const WHOLE_SITE = false;$/m);
  const server = await serve(local.out, "/docs/guide/");
  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(server.url + "many/page-1/");
    await ready(page);
    await workerReady(page);
    const kept = async (path) =>
      page.evaluate(async (url) => Boolean(await caches.match(url)), server.url + path);
    // The first page, opened before the worker existed, is kept once the worker is told of it.
    await page.waitForFunction(async (url) => Boolean(await caches.match(url)), server.url + "many/page-1/", { polling: 100 });
    await page.goto(server.url + "many/page-2/");
    await ready(page);
    assert.ok(await kept("many/page-2/"), "a page opened with the worker is kept");
    assert.ok(!(await kept("many/page-3/")), "a page not opened is not kept");

    await browser.context.setOffline(true);
    for (const path of ["many/page-1/", "many/page-2/", ""]) {
      const response = await page.goto(server.url + path);
      assert.ok(response.fromServiceWorker(), path);
      await ready(page);
    }
    await assert.rejects(page.goto(server.url + "many/page-3/"), /ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
  } finally {
    await browser.close();
    await server.close();
    local.remove();
  }
});

test("the guide is installable: its manifest has no installability errors", async () => {
  const server = await serve(site.out, BASE);
  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(server.url);
    await ready(page);
    await workerReady(page);
    const session = await browser.context.newCDPSession(page);
    const { installabilityErrors } = await session.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors, []);
    const { url } = await session.send("Page.getAppManifest");
    assert.equal(url, server.url + "manifest.webmanifest");
  } finally {
    await browser.close();
    await server.close();
  }
});

/** Starts `stepwise serve` on `port` and resolves once it listens. */
function startServe(root, port) {
  const child = spawn(STEPWISE, ["--root", root, "serve", "--port", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stderr.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Serving ")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

test("under serve no worker caches: none registers, and one a published copy left removes itself", async () => {
  const local = new Site("basic");
  // The published copy, on the address serve will use.
  let published = await serve(local.root, "/");
  const port = published.port;
  await published.close();
  local.build("--base-url", `http://127.0.0.1:${port}/`);
  published = await serve(local.out, "/", { port });
  const browser = await launch();
  let child;
  try {
    const page = await browser.page();
    await page.goto(published.url);
    await ready(page);
    await workerReady(page);
    assert.ok(Object.keys(await cached(page)).length > 0, "the published copy was kept");
    await published.close();

    child = await startServe(local.root, port);
    // The old worker answers this navigation from its cache, and the browser checks for a
    // newer worker: serve's, which deletes the caches and unregisters. (Chromium may go on
    // answering that browser's pages from the old worker for a while; a fresh one never is.)
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 0 && (await caches.keys()).length === 0, null, {
      polling: 100,
      timeout: 20_000,
    });

    // A fresh browser under serve: the loader registers nothing.
    const fresh = await launch();
    try {
      const other = await fresh.page();
      await other.goto(`http://127.0.0.1:${port}/guide/first/`);
      await ready(other);
      assert.ok(await other.evaluate(() => document.head.innerHTML.includes("/__stepwise/live.js")), "the page comes from serve");
      await other.click("label[for=task-receipt]");
      await other.reload();
      await ready(other);
      assert.equal(await other.isChecked("#task-receipt"), true);
      assert.deepEqual(await other.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
      assert.deepEqual(await cached(other), {});
      for (const worker of ["sw.js", "docs/sw.js"]) {
        const response = await other.request.get(`http://127.0.0.1:${port}/${worker}`);
        assert.equal(response.headers()["cache-control"], "no-store", worker);
        assert.match(await response.text(), /unregister\(\)/, worker);
        assert.doesNotMatch(await response.text(), /addEventListener\("fetch"/, worker);
      }
    } finally {
      await fresh.close();
    }
  } finally {
    child?.kill();
    await browser.close();
    await published.close();
    local.remove();
  }
});
