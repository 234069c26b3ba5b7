// Starts search only when the reader asks for it: focusing a search field, pressing "/", or
// opening the search page. Until then nothing else about search is loaded.
const ui = new URL("__SEARCH_UI__", import.meta.url).href;
const fields = document.querySelectorAll("[data-search-input]");
let started = null;
const start = () => {
  started ??= import(ui)
    .then((search) => search.start())
    .catch(() => {
      for (const form of document.querySelectorAll("[data-search-form]")) form.setAttribute("data-search-failed", "");
    });
  return started;
};
for (const field of fields) field.addEventListener("focus", start, { once: true });
if (fields.length) {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target;
    if (target instanceof Element && (target.closest("input, textarea, select, [contenteditable]") || target.isContentEditable)) return;
    event.preventDefault();
    fields[0].focus();
  });
}
if (document.querySelector("[data-search-page]")) start();
