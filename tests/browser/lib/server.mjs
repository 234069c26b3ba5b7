// A static host for built sites, like a CDN: serves the output folder under the site's base
// path on 127.0.0.1, applies the `_headers` file the build wrote (so the Content-Security-Policy
// under test is the one we publish), and records every request it receives.
import { createServer } from "node:http";
import { statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
};

/** Parses a Netlify-style `_headers` file into [{ pattern, headers }]. */
export function parseHeaders(text) {
  const rules = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!line.startsWith(" ")) {
      rules.push({ pattern: line.trim(), headers: {} });
    } else if (rules.length) {
      const index = line.indexOf(":");
      rules.at(-1).headers[line.slice(0, index).trim()] = line.slice(index + 1).trim();
    }
  }
  return rules;
}

function matches(pattern, path) {
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/**
 * Serves `root` at `basePath` (e.g. "/tiktok-refund/"), on `port` if given. Returns { url,
 * port, requests, isSiteFile, close }. `requests` lists every path asked for, so tests can
 * assert what a page fetched. `close` also drops open keep-alive connections: nothing more is
 * served once it resolves. With `gzip`, text and WebAssembly are sent gzipped to browsers that
 * ask for it, as static hosts and CDNs do (for performance measurements).
 */
export async function serve(root, basePath = "/", { headers = true, port: wanted = 0, gzip = false } = {}) {
  let rules = [];
  if (headers) {
    try {
      rules = parseHeaders(await readFile(join(root, "_headers"), "utf8"));
    } catch {
      rules = [];
    }
  }
  const requests = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    requests.push(path);
    const extra = {};
    for (const rule of rules) if (matches(rule.pattern, path)) Object.assign(extra, rule.headers);
    const send = (status, body, type) => {
      const compress =
        gzip && typeof body !== "string" && /gzip/.test(request.headers["accept-encoding"] ?? "") && !type.startsWith("image/png");
      if (compress) {
        response.writeHead(status, { "Content-Type": type, "Content-Encoding": "gzip", Vary: "Accept-Encoding", ...extra });
        response.end(gzipSync(body, { level: 9 }));
      } else {
        response.writeHead(status, { "Content-Type": type, ...extra });
        response.end(body);
      }
    };
    if (!path.startsWith(basePath)) return send(404, "outside the site", "text/plain");
    let file = normalize(join(root, path.slice(basePath.length)));
    if (!file.startsWith(normalize(root))) return send(403, "forbidden", "text/plain");
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      send(200, await readFile(file), TYPES[extname(file)] ?? "application/octet-stream");
    } catch {
      try {
        send(404, await readFile(join(root, "404.html")), TYPES[".html"]);
      } catch {
        send(404, "not found", "text/plain");
      }
    }
  });
  await new Promise((resolve) => server.listen(wanted, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    /** Whether `address` is one of the served site's own files, on this server (a folder
     * stands for its `index.html`). */
    isSiteFile(address) {
      const url = new URL(address);
      if (url.origin !== `http://127.0.0.1:${port}` || !url.pathname.startsWith(basePath)) return false;
      let file = normalize(join(root, decodeURIComponent(url.pathname).slice(basePath.length)));
      if (!file.startsWith(normalize(root))) return false;
      try {
        if (statSync(file).isDirectory()) file = join(file, "index.html");
        return statSync(file).isFile();
      } catch {
        return false;
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}
