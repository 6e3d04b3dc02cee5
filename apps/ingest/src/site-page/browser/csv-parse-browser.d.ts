// csv-parse's browser build (ESM, no Node built-ins) has the types of its Node build; the
// project's module resolution (node10) does not read package "exports", so name them here.
declare module 'csv-parse/browser/esm/sync' {
  export { parse } from 'csv-parse/dist/esm/sync';
}
