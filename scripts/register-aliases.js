// Resolves the @ips/<lib> aliases to the compiled libraries in dist/ at run time
// (tsc leaves import paths as written). Loaded with `node -r ./scripts/register-aliases.js`.
const Module = require('module');
const path = require('path');

// IPS_DIST_DIR lets parallel work build into a separate output folder.
const libs = path.resolve(process.env.IPS_DIST_DIR || path.resolve(__dirname, '..', 'dist'), 'libs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveIpsAlias(request, ...rest) {
  const m = /^@ips\/([a-z-]+)$/.exec(request);
  return resolve.call(this, m ? path.join(libs, m[1], 'src', 'index.js') : request, ...rest);
};
