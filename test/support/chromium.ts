import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's Chromium, headless, for the page tests (no browser download: playwright-core only).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** What a page test watches: every request the page makes, and every console error or warning and page error. */
export interface PageWatch {
  requests: { url: string; authorization: string | undefined }[];
  problems: string[];
}

/** Starts watching `page` into `watch`'s lists, which fill as the page runs (a test asserts `problems` is empty). */
export function watchPage(page: Page, watch: PageWatch): void {
  page.on('request', (r) =>
    watch.requests.push({ url: r.url(), authorization: r.headers()['authorization'] }),
  );
  page.on(
    'console',
    (m) =>
      (m.type() === 'error' || m.type() === 'warning') && watch.problems.push(`${m.type()}: ${m.text()}`),
  );
  page.on('pageerror', (e) => watch.problems.push(`page error: ${e.message}`));
}

// Runs in the page: every element with its own text, its colour against the background it
// sits on (WCAG contrast ratio); lists those below 4.5:1 (hidden elements skipped). Kept as text: the test compiles without DOM types.
export const CONTRAST_AUDIT = `(() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('[hidden], .visually-hidden, option')) continue;
    if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '')) continue;
    const style = getComputedStyle(el);
    const svg = el instanceof SVGElement;
    const fg = parse(svg ? style.fill : style.color).slice(0, 3);
    const bg = svg ? [255, 255, 255] : background(el);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    checked++;
    if (ratio < 4.5) out.push(el.tagName + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
  }
  return checked > 200 ? out : ['only ' + checked + ' text elements checked'];
})()`;
