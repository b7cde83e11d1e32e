// Stands in for optional packages our dependencies require inside try/catch
// and do without: ws's native helpers (bufferutil, utf-8-validate; it uses its
// own JavaScript) and node-fetch's `encoding` (only for non-UTF-8 textConverted,
// which grammY never calls). An installed .vsix has no node_modules, so this is
// what it would get anyway; the bundles then name no package they cannot load.
throw new Error('not bundled: an optional package');
