// @ips/browser: what the services' web pages (the evaluator dashboard, the site page) share
// in the browser — DOM helpers, the key kept in the tab, calls to the page's own service
// with the key in the Authorization header. TypeScript with the DOM types, built
// into each page's script by esbuild (scripts/build-pages.js); never loaded by a service.

export { byId, make, messageOf, saveFile } from './dom';
export { SessionKey } from './session-key';
export { wireSignIn, type SignInForm } from './sign-in';
export {
  ApiFailure,
  apiRequest,
  apiUpload,
  fieldErrorsOf,
  parseErrorBody,
  statusOf,
  type ErrorBody,
  type RequestOptions,
  type UploadProgress,
} from './api-request';
