// Starts the Stepwise browser module (checklists, composers, deadlines): the JS glue before
// these lines defines `__wbg_init` and `start`; `render::script` fills in the names.
__wbg_init({ module_or_path: new URL("__STEPWISE_WASM__", import.meta.url) })
  .then(() => start(window))
  .catch((error) => {
    document.documentElement.setAttribute("__STEPWISE_FAILED__", "");
    console.error("Stepwise: the interactive parts of this page could not start.", error);
  });
