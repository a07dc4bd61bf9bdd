// Hands the split loader the WASM chunks of a lazy route from one bundle instead of one request
// each (see chunk_bundles.rs, which also describes a bundle's format). The loader asks for all of a
// route's chunks in one go, each with fetch(new URL("./chunk_N.build.wasm", …)) (the server shortened the
// loader's names; a build it has not shortened says chunk_N.hash.wasm): they are gathered
// until that call returns (a microtask), then taken from the bundles the <head> preloads or, for the rest,
// from the one bundle of exactly those chunks that <pkg>/bundle answers with. Anything else, or
// anything that fails, goes to the network as the loader asked.
(() => {
  const network = window.fetch.bind(window);
  const { build, pkg: pkgPath } = document.currentScript.dataset;
  const pkg = new URL(pkgPath, location.href).href;
  const chunk = /^(chunk|split)_[^/]*\.wasm$/;
  const read = (buffer, into) => {
    const view = new DataView(buffer);
    const text = new TextDecoder();
    let at = 0;
    while (at !== buffer.byteLength) {
      const nameLength = view.getUint16(at, true);
      const name = text.decode(new Uint8Array(buffer, at + 2, nameLength));
      at += 2 + nameLength;
      const length = view.getUint32(at, true);
      into.set(name, new Uint8Array(buffer, at + 4, length));
      at += 4 + length;
    }
  };
  const load = (url, into) =>
    network(url)
      .then((answer) => (answer.ok ? answer.arrayBuffer() : new ArrayBuffer(0)))
      .then((buffer) => read(buffer, into))
      .catch(() => {});
  // The chunks of the bundles the <head> preloads, read once, kept until the loader takes them.
  const found = new Map();
  let preloaded;
  let waiting = null;
  const flush = async () => {
    const batch = waiting;
    waiting = null;
    try {
      preloaded ??= Promise.all(
        Array.from(document.querySelectorAll('link[rel="preload"][as="fetch"]'), (l) => l.href)
          .filter((url) => url.startsWith(`${pkg}chunks.`))
          .map((url) => load(url, found)),
      );
      await preloaded;
      const rest = batch.filter((b) => !found.has(b.name)).map((b) => b.name);
      if (rest.length > 1) {
        const query = new URLSearchParams({ build, chunks: rest.join(',') });
        await load(`${pkg}bundle?${query}`, found);
      }
    } finally {
      for (const b of batch) {
        const module = found.get(b.name);
        found.delete(b.name);
        b.resolve(
          module === undefined
            ? network(b.input)
            : new Response(module, { headers: { 'Content-Type': 'application/wasm' } }),
        );
      }
    }
  };
  window.fetch = (input, init) => {
    if (input instanceof URL && init === undefined && input.href.startsWith(pkg)) {
      const file = input.pathname.slice(input.pathname.lastIndexOf('/') + 1);
      if (chunk.test(file)) {
        return new Promise((resolve) => {
          if (waiting === null) {
            waiting = [];
            queueMicrotask(flush);
          }
          // A bundle names a chunk up to the first dot: "chunk_23" for "chunk_23.wCMP….wasm".
          waiting.push({ name: file.slice(0, file.indexOf('.')), input, resolve });
        });
      }
    }
    return network(input, init);
  };
})();
