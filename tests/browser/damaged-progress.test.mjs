// Saved progress that is partly damaged: the lines that can be read are kept, the entry as it
// was is backed up exactly (even what a Rust string cannot hold), the reader is told how much
// was kept; other tabs' damaged entries are read the same way but never written over from
// here; an import takes the lines that decode too, and says which line it left out.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready } from "./lib/browser.mjs";

const SITE = "example.org/docs/guide";
const KEY = `stepwise:${SITE}`;
const HEAD = `stepwise-progress 1\nsite ${SITE}\n`;
let site, server, scratch;

before(async () => {
  site = new Site("basic");
  site.build();
  server = await serve(site.out, "/docs/guide/");
  scratch = mkdtempSync(join(tmpdir(), "stepwise-damaged-"));
});

after(async () => {
  await server?.close();
  site?.remove();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function open(path, browser) {
  const page = await browser.page();
  await page.goto(server.url + path);
  await ready(page);
  return page;
}

const checked = (page) =>
  page.$$eval("input[data-item]", (inputs) => Object.fromEntries(inputs.map((i) => [i.dataset.item, i.checked])));
const storage = (page) => page.evaluate(() => ({ ...localStorage }));
const backupKeys = (all) => Object.keys(all).filter((k) => k.startsWith(`${KEY}:backup:`));
const notices = (page) => page.$$eval("[data-stepwise-notices] .notice", (n) => n.map((e) => e.textContent));

test("one damaged line costs only that line: the rest is kept, the entry is backed up as it was, and the reader is told", async () => {
  const original =
    HEAD +
    "tick guide/first/receipt 1764320000000\n" +
    "tick guide/first/write-down-the-date 17643200000OO\n" + // damaged: not a number
    "tick guide/second/sent-date 1764320000500\n" +
    "draft bank-letter order_number 12345\n";
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, original]);
    await page.reload();
    await ready(page);

    assert.deepEqual(await checked(page), { "guide/first/receipt": true, "guide/first/write-down-the-date": false });
    assert.equal(await page.textContent("[data-checklist-status]"), "1 of 2 done");
    assert.deepEqual(await notices(page), [
      "Some of your saved progress was damaged. We kept 2 ticks and 1 draft; a copy of everything as it was is kept in this browser.Download the copy",
    ]);
    let all = await storage(page);
    assert.equal(backupKeys(all).length, 1);
    assert.equal(all[backupKeys(all)[0]], original, "the backup is the entry as it was");
    assert.equal(
      all[KEY],
      HEAD + "tick guide/first/receipt 1764320000000\ntick guide/second/sent-date 1764320000500\ndraft bank-letter order_number 12345\n",
      "the entry now holds what was kept",
    );

    // The kept ticks are the reader's: a reload finds them, with no second backup or notice.
    await page.reload();
    await ready(page);
    assert.equal(await page.isChecked("#task-receipt"), true);
    assert.deepEqual(await notices(page), []);
    assert.equal(backupKeys(await storage(page)).length, 1, "no second backup");

    await page.goto(server.url + "guide/second/");
    await ready(page);
    assert.equal(await page.isChecked("#task-sent-date"), true);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("the copy of a damaged entry downloads as it was and goes through 'Load progress from a file' like any file", async () => {
  const damaged = HEAD + "tick guide/first/receipt 1764320000000\ntick guide/first/write-down-the-date soon\n";
  const browser = await launch();
  try {
    const page = await open("", browser);
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, damaged]);
    await page.reload();
    await ready(page);
    assert.match((await notices(page))[0], /^Some of your saved progress was damaged\. We kept 1 tick; a copy/);
    assert.equal(await page.textContent("[data-guide-progress-text]"), "You have done 1 of 4 things in this guide.");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the copy" }).click()]);
    assert.equal(download.suggestedFilename(), "example-org-docs-guide-unreadable-progress.txt");
    const copy = join(scratch, "copy.txt");
    await download.saveAs(copy);
    assert.equal(readFileSync(copy, "utf8"), damaged, "the downloaded copy is the entry as it was");

    // The copy loads again as it is: the lines that decode are taken, and the damaged one named.
    await page.setInputFiles("[data-import-input]", copy);
    await page.waitForSelector("text=Imported 1 ticked item from the file");
    assert.match((await notices(page)).at(-1), /^Imported 1 ticked item from the file\. Line 4 of the file was damaged and was left out/);
    assert.match((await storage(page))[KEY], /tick guide\/first\/receipt /);

    // Once the damaged line is mended, the copy loads and brings the lost tick back.
    const mended = join(scratch, "mended.txt");
    writeFileSync(mended, readFileSync(copy, "utf8").replace(" soon\n", " 1764320000900\n"));
    await page.setInputFiles("[data-import-input]", mended);
    await page.waitForSelector("text=Imported 2 ticked items from the file");
    assert.equal(await page.textContent("[data-guide-progress-text]"), "You have done 2 of 4 things in this guide.");
    assert.match((await storage(page))[KEY], /tick guide\/first\/write-down-the-date 1764320000900\n/);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("when the backup cannot be written, the kept ticks show for the visit and nothing is written", async () => {
  // An item renamed since the entry was saved: carrying its tick over must not write either.
  const local = new Site("basic");
  local.edit("content/guide/first.md", "- [ ] Write down the date\n", "- [ ] Write down the date you paid {#paid-date replaces=write-down-the-date}\n");
  local.build();
  const localServer = await serve(local.out, "/docs/guide/");
  const damaged = HEAD + "tick guide/first/write-down-the-date 1764320000000\ntick guide/first/receipt later\n";
  const browser = await launch();
  try {
    await browser.context.addInitScript(() => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (name, value) {
        if (name.includes(":backup:")) throw new DOMException("full", "QuotaExceededError");
        return setItem.call(this, name, value);
      };
    });
    const page = await browser.page();
    await page.goto(localServer.url + "guide/first/");
    await ready(page);
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, damaged]);
    await page.reload();
    await ready(page);
    assert.deepEqual(await checked(page), { "guide/first/receipt": false, "guide/first/paid-date": true });
    assert.deepEqual(await notices(page), [
      "Some of your saved progress was damaged. We kept 1 tick for this visit, but left what was saved as it was, so nothing you do on this visit will be saved.",
    ]);
    assert.equal((await storage(page))[KEY], damaged, "left as it was");

    // Ticking works for the visit, writes nothing, and tells the reader nothing new.
    await page.click("label[for=task-receipt]");
    assert.equal(await page.textContent("[data-checklist-status]"), "All 2 done");
    assert.equal((await storage(page))[KEY], damaged);
    assert.equal(backupKeys(await storage(page)).length, 0);
    assert.equal((await notices(page)).length, 1);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
    await localServer.close();
    local.remove();
  }
});

test("an entry a Rust string cannot hold (a lone surrogate) is backed up unit for unit", async () => {
  const browser = await launch();
  try {
    const page = await open("guide/first/", browser);
    await page.evaluate(([key, head]) => {
      const lone = String.fromCharCode(0xd800);
      const original =
        head +
        "tick guide/first/receipt 1764320000000\n" +
        `draft bank-letter name Ann${lone}e\n` +
        "tick guide/first/write-down-the-date\n"; // damaged: no time
      localStorage.setItem(key, original);
      // The reference, under a key the module never touches.
      localStorage.setItem("test-original", original);
    }, [KEY, HEAD]);
    await page.reload();
    await ready(page);

    const result = await page.evaluate((key) => {
      const original = localStorage.getItem("test-original");
      const backups = Object.keys(localStorage).filter((k) => k.startsWith(`${key}:backup:`));
      return {
        surrogateKept: original.includes(String.fromCharCode(0xd800)),
        backups: backups.length,
        exact: backups.length === 1 && localStorage.getItem(backups[0]) === original,
        entry: localStorage.getItem(key),
      };
    }, KEY);
    assert.equal(result.surrogateKept, true, "the browser stores lone surrogates (else this test proves nothing)");
    assert.equal(result.backups, 1);
    assert.equal(result.exact, true, "the backup === the original in the page");
    // The draft line cannot be read exactly, so it counts as damaged like the tick without a time.
    assert.equal(result.entry, HEAD + "tick guide/first/receipt 1764320000000\n");
    assert.deepEqual(await checked(page), { "guide/first/receipt": true, "guide/first/write-down-the-date": false });
    assert.match((await notices(page))[0], /^Some of your saved progress was damaged\. We kept 1 tick; /);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("a damaged entry another tab wrote is read line by line but never written over from here", async () => {
  const browser = await launch();
  try {
    const first = await open("guide/first/", browser);
    await first.click("label[for=task-receipt]");
    const second = await browser.context.newPage();
    await second.goto(server.url + "guide/second/");
    await ready(second);

    const fromOtherTab = async (text) => {
      await first.evaluate(() => {
        window.storageSeen = new Promise((resolve) => addEventListener("storage", () => setTimeout(resolve, 0), { once: true }));
      });
      await second.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, text]);
      await first.evaluate(() => window.storageSeen);
    };

    const damaged = HEAD + "tick guide/first/write-down-the-date 1764320000000\ntick guide/first/receipt\n";
    await fromOtherTab(damaged);
    assert.deepEqual(await checked(first), { "guide/first/receipt": false, "guide/first/write-down-the-date": true }, "the lines that decode are shown");
    let all = await storage(first);
    assert.equal(all[KEY], damaged, "not written over in answer to the other tab");
    assert.equal(backupKeys(all).length, 0, "nothing written at all");
    assert.deepEqual(await notices(first), []);

    // The reader's next change backs the entry up first, then saves the kept lines with it.
    await first.click("label[for=task-receipt]");
    all = await storage(first);
    assert.equal(backupKeys(all).length, 1);
    assert.equal(all[backupKeys(all)[0]], damaged);
    assert.match(all[KEY], /^stepwise-progress 1\nsite example\.org\/docs\/guide\ntick guide\/first\/receipt \d{13}\ntick guide\/first\/write-down-the-date 1764320000000\n$/);
    assert.match((await notices(first))[0], /^Some of your saved progress was damaged\. We kept 1 tick; /);

    // A newer version's entry is not read line by line at all: this tab keeps what it shows.
    const newer = `stepwise-progress 2\nsite ${SITE}\ntick guide/first/receipt 1 extra\n`;
    await fromOtherTab(newer);
    assert.deepEqual(await checked(first), { "guide/first/receipt": true, "guide/first/write-down-the-date": true });
    assert.equal((await storage(first))[KEY], newer);
    assert.equal(backupKeys(await storage(first)).length, 1);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("an import takes the lines that decode: a file with a damaged or cut-off line brings the rest", async () => {
  const browser = await launch();
  try {
    const page = await open("", browser);
    const files = {
      "damaged.txt": HEAD + "tick guide/first/receipt 1764320000000\ntick guide/first/write-down-the-date ?\n",
      // Cut off in the middle of its last line (every line the guide writes ends with a newline).
      "cut-off.txt": HEAD + "tick guide/first/receipt 1764320000000\ntick guide/first/write-down-the-date 17643",
    };
    for (const [name, text] of Object.entries(files)) {
      await page.evaluate((key) => localStorage.removeItem(key), KEY);
      await page.setInputFiles("[data-import-input]", { name, mimeType: "text/plain", buffer: Buffer.from(text) });
      await page.waitForFunction(() => document.querySelectorAll("[data-stepwise-notices] .notice").length > 0);
      assert.match((await notices(page)).at(-1), /^Imported 1 ticked item from the file\. Line 4 of the file was damaged and was left out/, name);
      const entry = (await storage(page))[KEY];
      assert.match(entry, /tick guide\/first\/receipt 1764320000000\n/, name);
      assert.doesNotMatch(entry, /write-down-the-date/, name);
      await page.evaluate(() => document.querySelector("[data-stepwise-notices]").replaceChildren());
    }
    // A file with nothing usable changes nothing.
    await page.evaluate((key) => localStorage.removeItem(key), KEY);
    await page.setInputFiles("[data-import-input]", { name: "bad.txt", mimeType: "text/plain", buffer: Buffer.from(HEAD + "tick ?\n") });
    await page.waitForFunction(() => document.querySelectorAll("[data-stepwise-notices] .notice").length > 0);
    assert.match((await notices(page)).at(-1), /^That file could not be imported: .*Nothing was changed\.$/);
    assert.equal((await storage(page))[KEY], undefined);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});
