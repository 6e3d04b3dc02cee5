import { byId } from './dom';
import type { SessionKey } from './session-key';

export interface SignInForm {
  /** where the key is kept in this tab */
  key: SessionKey;
  /** shown when the form is sent with no key, e.g. "Paste your API key first." */
  emptyMessage: string;
  showError(text: string): void;
  /** the key is kept: sign in with it */
  start(): void;
  signOut(message: string): void;
}

/**
 * The sign-in form every page has (#signin with #key, and #signout): the key is read once,
 * the field emptied, the key kept in the tab (or a clear error when the browser keeps
 * nothing), then the page signs in; signing out forgets the key.
 */
export function wireSignIn(form: SignInForm): void {
  byId('signin').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('key');
    const value = input.value.trim();
    input.value = '';
    if (!value) {
      form.showError(form.emptyMessage);
      return;
    }
    if (!form.key.set(value)) {
      form.showError('This browser does not allow session storage, so the page cannot keep your key.');
      return;
    }
    form.start();
  });
  byId('signout').addEventListener('click', () =>
    form.signOut('Signed out. The key is no longer kept in this tab.'),
  );
}
