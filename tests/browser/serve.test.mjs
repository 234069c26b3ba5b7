// `stepwise serve` as an author uses it: edit a page and the open browser shows the change
// without a manual reload; a broken edit shows an overlay with the problem; fixing it clears the
// overlay. The server refuses paths outside the site and listens on 127.0.0.1 only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";
import { Site, STEPWISE } from "./lib/site.mjs";
import { launch, ready } from "./lib/browser.mjs";

let site, server, port, log = "";

async function freePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `stepwise serve` and resolves once it listens. */
function startServe(root, args) {
  const child = spawn(STEPWISE, ["--root", root, "serve", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stderr.on("data", (chunk) => {
      output += chunk;
      log += chunk;
      if (output.includes("Serving ")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

/** Sends a raw HTTP request (so paths are not normalised by a client library); resolves with
 * the whole response. */
function rawResponse(path) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let data = "";
    socket.on("data", (chunk) => (data += chunk));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

/** The status code of a raw request. */
const raw = async (path) => Number((await rawResponse(path)).split(" ")[1]);

/** Sends `request` (text or bytes) on a fresh connection and resolves once the server closes it
 * (or after `timeout` ms, with `closed: false`): the response as text, whether it was reset. */
function exchange(request, { timeout = 5_000 } = {}) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks = [];
    const text = () => Buffer.concat(chunks).toString("latin1");
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text: text(), closed: false, reset: false });
    }, timeout);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {});
    socket.on("close", (hadError) => {
      clearTimeout(timer);
      resolve({ text: text(), closed: true, reset: hadError });
    });
    socket.write(request);
  });
}

/** The status code of a response's text (0 when there was none). */
const statusOf = (text) => Number(text.match(/^HTTP\/1\.1 (\d{3}) /)?.[1] ?? 0);

before(async () => {
  site = new Site("basic");
  port = await freePort();
  server = await startServe(site.root, ["--port", String(port)]);
});

after(() => {
  server?.kill("SIGINT");
  site?.remove();
});

test("an edit shows in the open page without a manual reload", async () => {
  const browser = await launch();
  try {
    await browser.context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
      // Notes when the live-reload stream is open: it starts by naming the site's version.
      const Native = window.EventSource;
      window.EventSource = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener("version", () => (window.__liveConnected = true));
        }
      };
    });
    const page = await browser.page();
    await page.goto(`http://127.0.0.1:${port}/guide/second/`);
    await ready(page);
    // The page is served with the published Content-Security-Policy, live reload included;
    // the edit is made once the page listens for rebuilds.
    await page.waitForFunction(() => window.__liveConnected === true, null, { timeout: 10_000 });
    site.edit("content/guide/second.md", "## Keep going", "## Keep going\n\nThis sentence was added while the page was open.");
    await page.waitForSelector("text=This sentence was added while the page was open.", { timeout: 10_000 });
    await ready(page);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("a page served just before a rebuild reloads even though it missed the reload event", async () => {
  const browser = await launch();
  try {
    const url = `http://127.0.0.1:${port}/about/`;
    // The page as served before the edit, held back until after the rebuild.
    const stale = await (await fetch(url)).text();
    const version = Number(stale.match(/live\.js\?v=(\d+)/)[1]);
    site.write("content/about.md", `${site.read("content/about.md")}\nAdded while the page was loading.\n`);
    const deadline = Date.now() + 10_000;
    while (!(await (await fetch(url)).text()).includes(`live.js?v=${version + 1}`)) {
      assert.ok(Date.now() < deadline, "the site was not rebuilt");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const page = await browser.page();
    let held = false;
    await page.route(url, (route) => {
      if (held) return route.continue();
      held = true;
      return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: stale });
    });
    await page.goto(url);
    await page.waitForSelector("text=Added while the page was loading.", { timeout: 10_000 });
  } finally {
    await browser.close();
  }
});

test("a new page and an edit saved together both show", async () => {
  // Written back to back, so the watcher usually hands them over as one batch.
  site.write("content/guide/third.md", "---\ntitle: Third step\nweight: 3\n---\nA page added while serving.\n");
  site.write("content/about.md", `${site.read("content/about.md")}\nSaved in the same moment.\n`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const third = await fetch(`http://127.0.0.1:${port}/guide/third/`);
    const about = await (await fetch(`http://127.0.0.1:${port}/about/`)).text();
    if (third.status === 200 && about.includes("Saved in the same moment.")) break;
    assert.ok(Date.now() < deadline, `not both served: third ${third.status}, edit ${about.includes("Saved in the same moment.")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test("a broken edit shows an overlay over the last good page; fixing it clears the overlay", async () => {
  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(`http://127.0.0.1:${port}/guide/first/`);
    await ready(page);
    const good = site.read("content/guide/first.md");
    site.write("content/guide/first.md", good.replace("title: First step", "title: [unclosed"));
    const overlay = page.locator(".stepwise-overlay");
    await overlay.waitFor({ timeout: 10_000 });
    assert.match(await overlay.textContent(), /content\/guide\/first\.md:2:8: error: this `\[` is never closed with `\]`/);
    // The last good version is still what is served.
    const response = await page.request.get(`http://127.0.0.1:${port}/guide/first/`);
    assert.match(await response.text(), /<h1>First step<\/h1>/);
    // A page opened now shows the problems too.
    const other = await browser.context.newPage();
    await other.goto(`http://127.0.0.1:${port}/about/`);
    await other.locator(".stepwise-overlay").waitFor({ timeout: 10_000 });
    await other.close();

    site.write("content/guide/first.md", good.replace("title: First step", "title: First step, fixed"));
    await page.waitForSelector("h1:text('First step, fixed')", { timeout: 10_000 });
    assert.equal(await page.locator(".stepwise-overlay").count(), 0);
  } finally {
    await browser.close();
  }
});

test("paths outside the site are refused", async () => {
  assert.equal(await raw("/../site.yaml"), 403);
  assert.equal(await raw("/%2e%2e/site.yaml"), 403);
  assert.equal(await raw("/%2E%2E%2Fcontent%2Fabout.md"), 403);
  assert.equal(await raw("/guide/..%5c..%5csite.yaml"), 403);
  assert.equal(await raw("/content/about.md"), 404);
  assert.equal(await raw("/site.yaml"), 404);
  assert.equal(await raw("/guide/first/"), 200);
  assert.equal(await raw("/guide"), 301);
  // A redirect never leaves this server, however the path is written.
  assert.match(await rawResponse("//guide"), /\r\nLocation: \/guide\/\r\n/);
  assert.match(await rawResponse("/guide"), /\r\nLocation: \/guide\/\r\n/);
});

test("serving has the right types and no directory listing", async () => {
  const page = await fetch(`http://127.0.0.1:${port}/guide/first/`);
  assert.match(page.headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval'/);
  const html = await page.text();
  const loader = html.match(/<script type="module" src="(\/assets\/stepwise-base\.[0-9a-f]+\.js)"/)[1];
  const loaderSource = await (await fetch(`http://127.0.0.1:${port}${loader}`)).text();
  const wasm = loaderSource.match(/checklist_base_bg\.[0-9a-f]+\.wasm/)[0];
  const module = await fetch(`http://127.0.0.1:${port}/assets/${wasm}`);
  assert.equal(module.headers.get("content-type"), "application/wasm");
  const listing = await fetch(`http://127.0.0.1:${port}/assets/`);
  assert.equal(listing.status, 404);
});

test("only requests naming this server as their Host are answered (no DNS rebinding)", async () => {
  const get = async (hostLines, version = "1.1") =>
    statusOf((await exchange(`GET /guide/first/ HTTP/${version}\r\n${hostLines}Connection: close\r\n\r\n`)).text);
  for (const host of [`127.0.0.1:${port}`, "127.0.0.1", `localhost:${port}`, `LocalHost:${port}`, "localhost", `[::1]:${port}`]) {
    assert.equal(await get(`Host: ${host}\r\n`), 200, host);
  }
  for (const host of [`evil.example:${port}`, "evil.example", `localhost:${port + 1}`, `127.0.0.1:${port}.evil.example`, `localhost.evil.example:${port}`, `10.0.0.1:${port}`, ""]) {
    assert.equal(await get(`Host: ${host}\r\n`), 403, host);
  }
  // The live-reload stream and the server's own files are refused too.
  const events = await exchange(`GET /__stepwise/events HTTP/1.1\r\nHost: evil.example:${port}\r\n\r\n`);
  assert.equal(statusOf(events.text), 403);
  assert.equal(statusOf((await exchange(`GET /__stepwise/live.js HTTP/1.1\r\nHost: evil.example\r\n\r\n`)).text), 403);
  // HTTP/1.1 requires exactly one Host; HTTP/1.0 predates it (and no browser sends a request without one).
  assert.equal(await get(""), 400);
  assert.equal(await get(`Host: 127.0.0.1:${port}\r\nHost: evil.example\r\n`), 400);
  assert.equal(await get("", "1.0"), 200);
  assert.equal(await get("Host: evil.example\r\n", "1.0"), 403);
});

test("a request head over 16 KiB is answered 431", async () => {
  const long = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Filler: ${"a".repeat(20 * 1024)}\r\n\r\n`;
  const response = await exchange(long);
  assert.equal(statusOf(response.text), 431, response.text || (response.reset ? "connection reset" : "no answer"));
  // One line longer than the limit, without any line break.
  assert.equal(statusOf((await exchange(`GET /${"a".repeat(17 * 1024)}`)).text), 431);
});

test("a request head that is not UTF-8 is answered 400", async () => {
  const head = Buffer.concat([Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Name: `), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from("\r\n\r\n")]);
  const response = await exchange(head);
  assert.equal(statusOf(response.text), 400, response.text || "no answer");
});

test("405 names the methods the server allows", async () => {
  const response = await exchange(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\n\r\n`);
  assert.equal(statusOf(response.text), 405);
  assert.match(response.text, /\r\nAllow: GET, HEAD\r\n/);
});

test("HEAD of the live-reload stream sends its headers only, then closes", async () => {
  const response = await exchange(`HEAD /__stepwise/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, { timeout: 3_000 });
  assert.ok(response.closed, `still open after 3 s: ${JSON.stringify(response.text)}`);
  assert.equal(statusOf(response.text), 200);
  assert.match(response.text, /\r\nContent-Type: text\/event-stream\r\n/);
  assert.ok(response.text.endsWith("\r\n\r\n"), `a body followed: ${JSON.stringify(response.text)}`);
});

test("a client sending its head one byte a second is cut off 10 s after it connected", async () => {
  const socket = connect({ host: "127.0.0.1", port });
  socket.on("error", () => {});
  let received = "";
  socket.on("data", (chunk) => (received += chunk));
  const closed = new Promise((resolve) => socket.on("close", resolve));
  await new Promise((resolve) => socket.once("connect", resolve));
  const started = Date.now();
  socket.write("GET / HTTP/1.1\r\n");
  // At most 16 more bytes, one a second: a read timeout that restarts on every byte never fires.
  let open = true;
  closed.then(() => (open = false));
  for (let sent = 0; open && sent < 16; sent++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (open) socket.write("X");
  }
  const elapsed = Date.now() - started;
  socket.destroy();
  assert.ok(!open || elapsed < 16_000, "the connection was still open after 16 s");
  assert.ok(elapsed >= 9_000 && elapsed < 13_000, `closed after ${elapsed} ms`);
  assert.equal(statusOf(received), 408, received);
});

test("connections beyond the cap are refused with 503 and the server still answers afterwards", async () => {
  const held = [];
  try {
    // 100 connections that send nothing: the first 64 take every slot, the rest are refused.
    for (let i = 0; i < 100; i++) {
      const socket = connect({ host: "127.0.0.1", port });
      const entry = { socket, text: "" };
      socket.on("data", (chunk) => (entry.text += chunk));
      socket.on("error", () => {});
      held.push(entry);
      await new Promise((resolve) => socket.once("connect", resolve));
    }
    const deadline = Date.now() + 5_000;
    while (held.filter((entry) => entry.text).length < 30 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const refused = held.filter((entry) => statusOf(entry.text) === 503);
    assert.ok(refused.length >= 30, `${refused.length} of 100 connections were refused`);
    assert.ok(held.every((entry) => !entry.text || statusOf(entry.text) === 503));
    assert.match(refused[0].text, /\r\nRetry-After: \d+\r\n/);
  } finally {
    for (const { socket } of held) socket.destroy();
  }
  // The held connections are gone, and with them their slots.
  const deadline = Date.now() + 5_000;
  let status = 0;
  while (status !== 200 && Date.now() < deadline) {
    status = statusOf((await exchange(`GET /guide/first/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).text);
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(status, 200);
});

test("a port in use is a clear error when it was asked for", async () => {
  await assert.rejects(startServe(site.root, ["--port", String(port)]), /port \d+ is already in use: choose another with --port/);
});

test("it listens on 127.0.0.1 only", () => {
  assert.match(log, new RegExp(`Serving .* at http://127\\.0\\.0\\.1:${port}/`));
});

test("Ctrl-C stops the server cleanly", async () => {
  const other = await startServe(site.root, ["--port", String(await freePort())]);
  let output = "";
  other.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => other.on("exit", (code, signal) => resolve({ code, signal })));
  other.kill("SIGINT");
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.match(output, /Stopped\./);
});
