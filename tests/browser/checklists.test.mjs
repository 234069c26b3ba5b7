// Checklists as a reader uses them: tick, reload, still ticked; the author edits and
// republishes, and the same items are still ticked; storage that is corrupt, full or turned
// off; two tabs; export and import on another device; reset; keyboard; axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready, axe, workerSettled } from "./lib/browser.mjs";
import { recordRequests, requestsDuring } from "./lib/requests.mjs";

const KEY = "stepwise:example.org/docs/guide";
let site, server;

before(async () => {
  site = new Site("basic");
  site.build();
  server = await serve(site.out, "/docs/guide/");
});

after(async () => {
  await server?.close();
  site?.remove();
});

/** Opens `path` in a fresh profile (or the given browser) and waits for the module. */
async function open(path, browser) {
  const page = await browser.page();
  await page.goto(server.url + path);
  await ready(page);
  return page;
}

const checked = (page) =>
  page.$$eval("input[data-item]", (inputs) => Object.fromEntries(inputs.map((i) => [i.dataset.item, i.checked])));
const saved = (page) => page.evaluate((key) => localStorage.getItem(key), KEY);

test("ticks survive a reload and show as progress", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    assert.equal(await page.textContent("[data-checklist-status]"), "0 of 2 done");
    await page.click("label[for=task-receipt]");
    assert.equal(await page.textContent("[data-checklist-status]"), "1 of 2 done");
    assert.match(await saved(page), /^stepwise-progress 1\nsite example\.org\/docs\/guide\ntick guide\/first\/receipt \d{13}\n$/);

    await page.reload();
    await ready(page);
    assert.deepEqual(await checked(page), { "guide/first/receipt": true, "guide/first/write-down-the-date": false });
    assert.equal(await page.textContent("[data-checklist-status]"), "1 of 2 done");
    const mark = await page.textContent('a[aria-current=page] [data-nav-progress]');
    assert.equal(mark, "1/2, 1 of 2 done");

    await page.click("label[for=task-write-down-the-date]");
    assert.equal(await page.textContent("[data-checklist-status]"), "All 2 done");
    assert.equal(await page.getAttribute('a[aria-current=page] [data-nav-progress]', "data-state"), "done");

    await page.goto(server.url);
    await ready(page);
    assert.equal(await page.textContent("[data-guide-progress-text]"), "You have done 2 of 4 things in this guide.");
    assert.equal(await page.getAttribute("[data-guide-progress-bar]", "value"), "2");
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("progress survives the author editing and republishing the guide", async () => {
  const local = new Site("basic");
  local.build();
  const localServer = await serve(local.out, "/docs/guide/");
  // Without the service worker, whose copy would show the old version until the reader
  // accepts the new one (offline.test.mjs follows ticks through that).
  const browser = await launch({ serviceWorkers: "block" });
  try {
    const page = await browser.page();
    await page.goto(localServer.url + "guide/first/");
    await ready(page);
    await page.click("label[for=task-receipt]");
    await page.click("label[for=task-write-down-the-date]");
    await page.goto(localServer.url + "guide/second/");
    await ready(page);
    await page.click("label[for=task-sent-date]");

    // Insert an item above, reword the item with an explicit id, rename a derived one with an
    // alias, and move the second page to another file (pinning its key with `id`).
    local.edit(
      "content/guide/first.md",
      "- [ ] Find your receipt {#receipt}\n- [ ] Write down the date\n",
      "- [ ] Check which app you paid in {#which-app}\n- [ ] Find the receipt TikTok or the app store sent you {#receipt}\n- [ ] Write down the date you paid {#paid-date replaces=write-down-the-date}\n",
    );
    local.edit("content/guide/first.md", "(second.md#keep-going)", "(send.md#keep-going)");
    const second = local.read("content/guide/second.md");
    local.write("content/guide/send.md", second.replace("weight: 2\n", "weight: 2\nid: guide/second\n"));
    rmSync(`${local.root}/content/guide/second.md`);
    local.build();

    await page.goto(localServer.url + "guide/first/");
    await ready(page);
    assert.deepEqual(await checked(page), {
      "guide/first/which-app": false,
      "guide/first/receipt": true,
      "guide/first/paid-date": true,
    });
    assert.equal(await page.textContent("[data-checklist-status]"), "2 of 3 done");
    const stored = await page.evaluate((key) => localStorage.getItem(key), KEY);
    assert.ok(!stored.includes("write-down-the-date"), "the old id's state moved to the new id");

    await page.goto(localServer.url + "guide/send/");
    await ready(page);
    assert.equal(await page.isChecked("#task-sent-date"), true, "a moved page keeps its readers' ticks");
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
    await localServer.close();
    local.remove();
  }
});

test("unreadable saved data is backed up, reported, and the reader starts clean", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.evaluate((key) => {
      localStorage.setItem(key, '{"from":"another tool"}');
      localStorage.setItem("unrelated-app", "keep me");
    }, KEY);
    await page.reload();
    await ready(page);
    const notice = await page.textContent("[data-stepwise-notices]");
    assert.match(notice, /We found saved progress we could not read: it was not saved by this guide\. We kept a copy/);
    const storage = await page.evaluate(() => ({ ...localStorage }));
    const backups = Object.keys(storage).filter((k) => k.startsWith(`${KEY}:backup:`));
    assert.equal(backups.length, 1);
    assert.equal(storage[backups[0]], '{"from":"another tool"}');
    assert.equal(storage["unrelated-app"], "keep me");
    assert.match(storage[KEY], /^stepwise-progress 1\n/);
    assert.deepEqual(await checked(page), { "guide/first/receipt": false, "guide/first/write-down-the-date": false });

    // The copy can be downloaded, and a second reload does not make a second backup.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the copy" }).click()]);
    assert.equal(readFileSync(await download.path(), "utf8"), '{"from":"another tool"}');
    await page.reload();
    await ready(page);
    const after = await page.evaluate(() => Object.keys(localStorage));
    assert.equal(after.filter((k) => k.includes(":backup:")).length, 1);

    // Data from a newer version is kept too, with its own explanation.
    await page.evaluate((key) => localStorage.setItem(key, "stepwise-progress 9\nsite x\n"), KEY);
    await page.reload();
    await ready(page);
    assert.match(await page.textContent("[data-stepwise-notices]"), /saved by a newer version of this guide/);
  } finally {
    await browser.close();
  }
});

test("data another tab leaves unreadable is backed up before a tick replaces it, and kept if it cannot be", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    assert.equal(await page.getAttribute("[data-stepwise-notices]", "role"), "status", "notices are a live region from the start");
    // As if a newer version of the guide, open in another tab, saved in its own format.
    await page.evaluate((key) => localStorage.setItem(key, "stepwise-progress 9\nsite x\n"), KEY);
    await page.click("label[for=task-receipt]");
    let storage = await page.evaluate(() => ({ ...localStorage }));
    const backups = Object.keys(storage).filter((k) => k.startsWith(`${KEY}:backup:`));
    assert.equal(backups.length, 1);
    assert.equal(storage[backups[0]], "stepwise-progress 9\nsite x\n");
    assert.match(storage[KEY], /tick guide\/first\/receipt/);
    assert.match(await page.textContent("[data-stepwise-notices]"), /saved by a newer version of this guide/);

    // Now the backup cannot be written: the unreadable data must stay as it is.
    await page.evaluate((key) => {
      localStorage.setItem(key, "written by another tool");
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (name, value) {
        if (name.includes(":backup:")) throw new DOMException("full", "QuotaExceededError");
        return setItem.call(this, name, value);
      };
    }, KEY);
    await page.click("label[for=task-write-down-the-date]");
    await page.click("label[for=task-write-down-the-date]");
    await page.click("label[for=task-write-down-the-date]");
    assert.equal(await saved(page), "written by another tool");
    assert.equal(await page.textContent("[data-checklist-status]"), "All 2 done", "the page keeps working");
    const notices = await page.$$eval("[data-stepwise-notices] .notice", (n) => n.map((e) => e.textContent));
    assert.equal(notices.filter((text) => /We left it as it was/.test(text)).length, 1, "told once");
    assert.ok(notices.every((text) => !text.includes("role")));
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("without storage everything still works for the visit, with a notice", async () => {
  const browser = await launch();
  try {
    await browser.context.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The user denied storage", "SecurityError");
        },
      });
    });
    const page = await open("guide/first/", browser);
    assert.match(await page.textContent("[data-stepwise-notices]"), /not letting the guide save anything/);
    await page.click("label[for=task-receipt]");
    assert.equal(await page.textContent("[data-checklist-status]"), "1 of 2 done");
    // Nothing saved is not the same as saved data removed: the visit's ticks stay.
    await page.click("label[for=task-write-down-the-date]");
    assert.equal(await page.textContent("[data-checklist-status]"), "All 2 done");
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("a full storage quota is reported once and the page keeps working", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.evaluate(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException("full", "QuotaExceededError");
      };
    });
    await page.click("label[for=task-receipt]");
    await page.click("label[for=task-write-down-the-date]");
    assert.equal(await page.textContent("[data-checklist-status]"), "All 2 done");
    const notices = await page.$$eval("[data-stepwise-notices] .notice", (n) => n.map((e) => e.textContent));
    assert.equal(notices.length, 1);
    assert.match(notices[0], /could not be saved/);
  } finally {
    await browser.close();
  }
});

test("two open tabs stay in sync", async () => {
  const browser = await launch();
  try {
    const first = await open("guide/first/", browser);
    const second = await browser.context.newPage();
    await second.goto(server.url + "guide/first/");
    await ready(second);
    await first.click("label[for=task-receipt]");
    await second.waitForFunction(() => document.querySelector("#task-receipt").checked);
    assert.equal(await second.textContent("[data-checklist-status]"), "1 of 2 done");
    // A tick in the second tab does not undo the first tab's tick.
    await second.click("label[for=task-write-down-the-date]");
    await first.waitForFunction(() => document.querySelector("#task-write-down-the-date").checked);
    assert.match(await saved(first), /receipt/);
    assert.match(await saved(first), /write-down-the-date/);
    // Data the other tab cannot read does not wipe this tab's ticks.
    await first.evaluate(() => {
      window.storageSeen = new Promise((resolve) => addEventListener("storage", () => setTimeout(resolve, 0), { once: true }));
    });
    await second.evaluate((key) => localStorage.setItem(key, "written by another tool"), KEY);
    await first.evaluate(() => window.storageSeen);
    assert.deepEqual(await checked(first), { "guide/first/receipt": true, "guide/first/write-down-the-date": true });
  } finally {
    await browser.close();
  }
});

test("saved progress removed outside the page does not come back with the next tick", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.click("label[for=task-receipt]");
    assert.match(await saved(page), /tick guide\/first\/receipt/);
    // As when the reader clears the site's data in the browser's settings: a change made in
    // this very tab reaches no storage event, so only the next tick can notice it.
    await page.evaluate((key) => localStorage.removeItem(key), KEY);
    await page.click("label[for=task-write-down-the-date]");
    assert.match(await saved(page), /^stepwise-progress 1\nsite example\.org\/docs\/guide\ntick guide\/first\/write-down-the-date \d{13}\n$/);
    assert.equal(await page.textContent("[data-checklist-status]"), "1 of 2 done");
    await page.reload();
    await ready(page);
    assert.deepEqual(await checked(page), { "guide/first/receipt": false, "guide/first/write-down-the-date": true });

    // The same after everything the origin saved is cleared.
    await page.evaluate(() => localStorage.clear());
    await page.click("label[for=task-receipt]");
    assert.match(await saved(page), /^stepwise-progress 1\nsite example\.org\/docs\/guide\ntick guide\/first\/receipt \d{13}\n$/);
    await page.reload();
    await ready(page);
    assert.deepEqual(await checked(page), { "guide/first/receipt": true, "guide/first/write-down-the-date": false });
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("saved progress removed outside the page stays removed after a save that failed", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.click("label[for=task-receipt]");
    assert.match(await saved(page), /tick guide\/first\/receipt/);
    // Storage refuses the next save (as when it is full), then works again.
    await page.evaluate(() => {
      window.realSetItem = Storage.prototype.setItem;
      Storage.prototype.setItem = () => {
        throw new DOMException("full", "QuotaExceededError");
      };
    });
    await page.click("label[for=task-write-down-the-date]");
    await page.waitForFunction(() => document.querySelector("[data-stepwise-notices]").textContent.length > 0);
    await page.evaluate((key) => {
      Storage.prototype.setItem = window.realSetItem;
      localStorage.removeItem(key);
    }, KEY);
    // The entry held the receipt's tick, and it is gone: the next change starts from nothing.
    await page.click("label[for=task-write-down-the-date]");
    assert.doesNotMatch((await saved(page)) ?? "", /tick /);
    await page.reload();
    await ready(page);
    assert.deepEqual(await checked(page), { "guide/first/receipt": false, "guide/first/write-down-the-date": false });
  } finally {
    await browser.close();
  }
});

test("a page restored from the back/forward cache shows what is saved now", async () => {
  // Playwright turns the back/forward cache off by default; this test is about it.
  // Without the service worker: Chromium evicts a cached page when a worker activates for it.
  const browser = await launch({ ignoreDefaultArgs: ["--disable-back-forward-cache"], serviceWorkers: "block" });
  try {
    await browser.context.addInitScript(() => {
      // As in browsers that deliver no storage event to a page kept in the cache (Chromium
      // delivers them, which would hide what this test is about).
      addEventListener("storage", (event) => event.stopImmediatePropagation(), true);
      // Registered before the module's own listener, so once this has run, so has the module's.
      addEventListener("pageshow", (event) => (window.restored = event.persisted));
    });
    const page = await open("guide/first/", browser);
    await page.click("label[for=task-receipt]");
    await page.goto(server.url + "guide/second/");
    await ready(page);
    await page.evaluate((key) => localStorage.removeItem(key), KEY);
    // A page restored from the cache fires no load event.
    await page.goBack({ waitUntil: "commit" });
    await page.waitForFunction(() => window.restored === true);
    assert.equal(await page.isChecked("#task-receipt"), false);
    assert.equal(await page.textContent("[data-checklist-status]"), "0 of 2 done");
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("progress exported on one device imports on another; a bad file changes nothing", async () => {
  const phone = await launch();
  let file;
  try {
    const page = await open("guide/first/", phone);
    await page.click("label[for=task-receipt]");
    await page.goto(server.url);
    await ready(page);
    await page.getByText("Save, load or remove your progress").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save progress to a file" }).click()]);
    assert.match(download.suggestedFilename(), /^example-org-docs-guide-progress-\d{4}-\d{2}-\d{2}\.txt$/);
    file = join(mkdtempSync(join(tmpdir(), "stepwise-export-")), download.suggestedFilename());
    await download.saveAs(file);
    assert.match(readFileSync(file, "utf8"), /tick guide\/first\/receipt/);
  } finally {
    await phone.close();
  }

  const laptop = await launch();
  try {
    const page = await open("", laptop);
    await page.setInputFiles("[data-import-input]", { name: "bad.txt", mimeType: "text/plain", buffer: Buffer.from("not progress") });
    await page.waitForSelector("text=That file could not be imported");
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), null, "nothing was saved");
    await page.setInputFiles("[data-import-input]", { name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(1_100_000, "tick x 1\n") });
    await page.waitForSelector("text=it is too big to be a progress file");
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), null, "nothing was saved");

    await page.setInputFiles("[data-import-input]", file);
    await page.waitForSelector("text=Imported 1 ticked item from the file");
    assert.equal(await page.textContent("[data-guide-progress-text]"), "You have done 1 of 4 things in this guide.");
    await page.goto(server.url + "guide/first/");
    await ready(page);
    assert.equal(await page.isChecked("#task-receipt"), true);
    assert.deepEqual(laptop.problems, []);
  } finally {
    await laptop.close();
  }
});

test("reset asks first, and a refusal changes nothing", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.click("label[for=task-receipt]");
    page.once("dialog", (dialog) => dialog.dismiss());
    await page.getByRole("button", { name: "Untick all in this list" }).click();
    assert.equal(await page.isChecked("#task-receipt"), true);
    page.once("dialog", (dialog) => {
      assert.equal(dialog.message(), "Untick all 1 ticked items in “Before you start”?");
      dialog.accept();
    });
    await page.getByRole("button", { name: "Untick all in this list" }).click();
    assert.equal(await page.isChecked("#task-receipt"), false);

    await page.click("label[for=task-receipt]");
    await page.goto(server.url);
    await ready(page);
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByText("Save, load or remove your progress").click();
    await page.getByRole("button", { name: "Remove all my ticks and drafts" }).click();
    assert.equal(await saved(page), null);
    assert.equal(await page.textContent("[data-guide-progress-text]"), "You have not ticked anything yet. The guide has 4 things to do.");
  } finally {
    await browser.close();
  }
});

test("works with the keyboard alone, with 44px targets and a visible focus", async () => {
  const browser = await launch({ viewport: { width: 390, height: 844 } });
  try {
    const page = await open("guide/first/", browser);
    await page.focus("#task-receipt");
    await page.keyboard.press("Space");
    assert.equal(await page.isChecked("#task-receipt"), true);
    assert.match(await saved(page), /guide\/first\/receipt/);
    const box = await page.locator("#task-receipt").boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `checkbox is ${box.width}x${box.height}`);
    const outline = await page.$eval("#task-receipt", (el) => getComputedStyle(el).outlineStyle);
    assert.equal(outline, "solid");
  } finally {
    await browser.close();
  }
});

test("without JavaScript the boxes still tick and a notice says they are not saved", async () => {
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = await browser.page();
    await page.goto(server.url + "guide/first/");
    assert.equal(await page.textContent(".checklist-note"), "JavaScript is off, so your ticks will not be saved when you leave this page.");
    assert.equal(await page.isVisible(".checklist-note"), true);
    await page.click("label[for=task-receipt]");
    assert.equal(await page.isChecked("#task-receipt"), true);
  } finally {
    await browser.close();
  }
});

test("checklists print with their boxes", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.isVisible("#task-receipt"), true);
    assert.equal(await page.isVisible(".sidebar"), false);
  } finally {
    await browser.close();
  }
});

test("the pages request only the site's own files, and nothing while the reader ticks, exports or imports", async () => {
  const browser = await launch();
  const requests = recordRequests(browser.context);
  try {
    const page = await open("guide/first/", browser);
    await workerSettled(page);
    const ticking = await requestsDuring(requests, page, async () => {
      await page.click("label[for=task-receipt]");
      await page.click("label[for=task-write-down-the-date]");
      await page.click("label[for=task-receipt]");
      assert.equal(await page.textContent("[data-checklist-status]"), "1 of 2 done");
    }, server.url);
    assert.deepEqual(ticking, [], "requests while ticking");

    await ready(page);
    await page.getByText("Save, load or remove your progress").click();
    const transfer = await requestsDuring(requests, page, async () => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save progress to a file" }).click()]);
      await page.setInputFiles("[data-import-input]", await download.path());
      await page.waitForSelector("text=Imported 1 ticked item from the file");
    }, server.url + "guide/second/");
    assert.deepEqual(transfer, [], "requests while exporting and importing");

    await ready(page);
    for (const url of requests.urls) assert.ok(server.isSiteFile(url), `${url} is not one of the site's files`);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violations (${colorScheme})`, async () => {
    const browser = await launch({ colorScheme });
    try {
      for (const path of ["", "guide/first/", "guide/second/"]) {
        const page = await open(path, browser);
        await page.click("input[data-item]").catch(() => {});
        assert.deepEqual(await axe(page), [], `axe violations on /${path}`);
      }
    } finally {
      await browser.close();
    }
  });
}
