// The search field's behaviour: fetches the index files the search module asks for (from this
// site only), and draws results as the reader types. Results are built from text nodes and
// <mark> elements, never from HTML.
import init, { Search } from "__SEARCH_GLUE__";

const WASM = new URL("__SEARCH_WASM__", import.meta.url);
const CACHE = "stepwise-search-v1";
const FIELD = "\u0002";
const MARK = "\u0001";
/** Results shown at first, and added by "Show more". */
const STEP = 5;

let engine = null;
const files = new Map();

async function openCache() {
  try {
    return "caches" in self ? await caches.open(CACHE) : null;
  } catch {
    return null;
  }
}

async function inflate(response) {
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A gzipped file of the index, inflated. Hashed files are kept in the cache after first use;
 * the root is asked for each time (it changes with the site) and read from the cache offline. */
async function fetchFile(url, hashed) {
  const cache = await openCache();
  if (hashed && cache) {
    const hit = await cache.match(url).catch(() => null);
    if (hit) return inflate(hit);
  }
  try {
    const response = await fetch(url, { cache: hashed ? "default" : "no-cache", credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    if (cache) await cache.put(url, response.clone()).catch(() => {});
    return await inflate(response);
  } catch (error) {
    const hit = cache && !hashed ? await cache.match(url).catch(() => null) : null;
    if (hit) return inflate(hit);
    throw error;
  }
}

function file(url) {
  if (!files.has(url)) {
    const promise = fetchFile(url, true);
    promise.catch(() => files.delete(url));
    files.set(url, promise);
  }
  return files.get(url);
}

function open(rootUrl) {
  engine ??= (async () => {
    await init({ module_or_path: WASM });
    const search = Search.open(await fetchFile(rootUrl, false));
    if (!search) throw new Error("the search index is damaged");
    return search;
  })();
  return engine;
}

/** Runs `query`: loads what it needs, then the metadata of the first `count` results. */
async function run(search, shards, query, count) {
  for (let round = 0; round < 4; round++) {
    const needed = search.needed(query);
    if (needed.length === 0) break;
    const loaded = await Promise.all(needed.map(async (name) => [name, await file(shards + name)]));
    for (const [name, bytes] of loaded) search.add(name, bytes);
  }
  let pages = Array.from(search.search(query));
  const shown = pages.slice(0, count);
  const metas = await Promise.all(shown.map((page) => file(shards + search.meta_name(page))));
  shown.forEach((page, i) => search.add_meta(page, metas[i]));
  // Searched again, synchronously: another query may have run while the files came.
  pages = Array.from(search.search(query));
  return { total: pages.length, results: shown.map((page) => search.result(page)).filter(Boolean) };
}

function resultItem(result, id) {
  const [url, title, heading, excerpt] = result.split(FIELD);
  // The link is the listbox's option (an option may not hold a link).
  const item = document.createElement("li");
  item.className = "search-result";
  item.setAttribute("role", "none");
  const link = document.createElement("a");
  link.href = url;
  link.tabIndex = -1;
  link.id = id;
  link.setAttribute("role", "option");
  link.setAttribute("aria-selected", "false");
  const name = document.createElement("span");
  name.className = "search-result-title";
  name.dir = "auto";
  name.textContent = title;
  link.append(name);
  if (heading && heading !== title) {
    const part = document.createElement("span");
    part.className = "search-result-heading";
    part.dir = "auto";
    part.textContent = heading;
    link.append(part);
  }
  if (excerpt) {
    const text = document.createElement("span");
    text.className = "search-result-excerpt";
    text.dir = "auto";
    excerpt.split(MARK).forEach((piece, i) => {
      if (i % 2) {
        const mark = document.createElement("mark");
        mark.textContent = piece;
        text.append(mark);
      } else if (piece) {
        text.append(document.createTextNode(piece));
      }
    });
    link.append(text);
  }
  item.append(link);
  return item;
}

function quoted(query) {
  const trimmed = query.trim();
  return trimmed.length > 60 ? `${trimmed.slice(0, 60)}…` : trimmed;
}

function connect(form) {
  const input = form.querySelector("[data-search-input]");
  const panel = form.querySelector("[data-search-results]");
  const list = form.querySelector("[data-search-list]");
  const status = form.querySelector("[data-search-status]");
  const more = form.querySelector("[data-search-more]");
  const inline = form.hasAttribute("data-search-inline");
  const rootUrl = form.getAttribute("data-search-index");
  const shards = form.getAttribute("data-search-shards");
  if (!input || !panel || !list || !status || !more || !rootUrl || !shards) return;
  let sequence = 0;
  let count = STEP;
  let active = -1;

  const options = () => Array.from(list.querySelectorAll("[role=option]"));
  const setActive = (index) => {
    const all = options();
    active = all.length ? (index + all.length) % all.length : -1;
    all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const show = (visible) => {
    panel.hidden = !visible;
    input.setAttribute("aria-expanded", visible ? "true" : "false");
    if (!visible) setActive(-1);
  };

  const update = async () => {
    const query = input.value;
    const mine = ++sequence;
    const started = performance.now();
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      show(inline);
      return;
    }
    try {
      const search = await open(rootUrl);
      const { total, results } = await run(search, shards, query, count);
      if (mine !== sequence) return;
      list.replaceChildren(...results.map((result, i) => resultItem(result, `${input.id}-result-${i}`)));
      const many = total >= 100 ? "100 or more results" : `${total} ${total === 1 ? "result" : "results"}`;
      status.textContent = total ? `${many} for “${quoted(query)}”` : `No results for “${quoted(query)}”`;
      more.hidden = total <= results.length;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      show(true);
      form.setAttribute("data-search-ms", String(Math.round((performance.now() - started) * 10) / 10));
      form.setAttribute("data-search-done", String(mine));
    } catch {
      if (mine !== sequence) return;
      list.replaceChildren();
      status.textContent = "Search is not available right now. Try again, or use the list of pages.";
      more.hidden = true;
      show(true);
    }
  };

  input.addEventListener("input", () => {
    count = STEP;
    update();
  });
  more.addEventListener("click", () => {
    count += STEP;
    update().then(() => input.focus());
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options().length) return;
      event.preventDefault();
      show(true);
      setActive(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      const link = options()[active];
      if (link) location.assign(link.href);
    } else if (event.key === "Escape") {
      if (!panel.hidden && !inline) {
        event.preventDefault();
        show(false);
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        update();
      }
    }
  });
  form.addEventListener("focusout", (event) => {
    if (!inline && !form.contains(event.relatedTarget)) show(false);
  });
  input.addEventListener("focus", () => {
    if (input.value.trim() && list.children.length) show(true);
  });
  form.setAttribute("data-search-ready", "");
  if (inline) {
    const query = new URLSearchParams(location.search).get("q");
    if (query) input.value = query;
  }
  if (input.value.trim()) update();
}

/** Connects every search form of the page (called once, by the lines that start search in the page's script). */
export function start() {
  for (const form of document.querySelectorAll("[data-search-form]")) connect(form);
}
