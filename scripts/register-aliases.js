// Resolves the @ips/<lib> aliases to the compiled libraries in dist/ at run time (tsc
// leaves import paths as written): tsconfig-paths with tsconfig.json's own `paths`, taken
// relative to the build output instead of the sources. Loaded with
// `node -r ./scripts/register-aliases.js`.
const path = require('path');
const { loadConfig, register } = require('tsconfig-paths');

const repo = path.resolve(__dirname, '..');
const config = loadConfig(repo);
if (config.resultType !== 'success') throw new Error(`tsconfig.json: ${config.message}`);
register({
  // IPS_DIST_DIR lets parallel work build into a separate output folder.
  baseUrl: path.resolve(process.env.IPS_DIST_DIR || path.join(repo, 'dist')),
  paths: config.paths,
  addMatchAll: false,
});
