// Jest transformer: TypeScript → CommonJS with the compiler the build already uses
// (typescript's transpileModule, no type-check; `npm run lint` type-checks).
//
// Why not @swc/jest: the npm registry this project installs from does not serve
// @swc/core's per-platform binaries for macOS, Windows and some Linux CPUs, so npm
// records an incomplete lockfile and `npm ci` refuses it (docs/decisions.md).
const crypto = require('crypto');
const ts = require('typescript');

const compilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  resolveJsonModule: true,
  inlineSourceMap: true,
  inlineSources: true,
};
const optionsKey = JSON.stringify(compilerOptions) + ts.version;

module.exports = {
  process(source, filename) {
    const out = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: false });
    return { code: out.outputText };
  },
  getCacheKey(source, filename) {
    return crypto
      .createHash('sha256')
      .update(optionsKey)
      .update('\0')
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
  },
};
