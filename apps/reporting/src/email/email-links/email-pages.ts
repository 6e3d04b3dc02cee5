import { createHash } from 'node:crypto';
import { escapeHtml, htmlPage } from '@ips/presentation';

// The two pages a link in an e-mail opens: confirm a subscription, or leave one. Opening
// a link only shows a page with a button; the button (a POST) does it. Mail scanners that
// fetch every link (to check it for malware) therefore neither confirm nor unsubscribe
// anyone. The pages carry no script and load nothing; their one stylesheet is allowed by
// its hash in the Content-Security-Policy.

export interface EmailPage {
  status: number;
  html: string;
  /** the page's Content-Security-Policy: nothing but its own inline style and a form back here */
  policy: string;
}

const PAGE_STYLES = `
.card { max-width: 36rem; border: 1px solid var(--rule); border-radius: .5rem; padding: 1.5rem; background: var(--panel); }
button { font: inherit; font-weight: 600; padding: .6rem 1.2rem; border-radius: .35rem; border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.done { border-left: 6px solid #00703c; padding-left: 1rem; }
.problem { border-left: 6px solid #d4351c; padding-left: 1rem; }
`;

export function emailPage(input: {
  status: number;
  title: string;
  paragraphs: string[];
  tone?: 'done' | 'problem';
  /** a button that POSTs back to this page's own URL */
  action?: { label: string; path: string };
}): EmailPage {
  const form = input.action
    ? `<form method="post" action="${escapeHtml(input.action.path)}"><button type="submit">${escapeHtml(input.action.label)}</button></form>`
    : '';
  const body = `<main>
<p class="muted">IPS employment trials · reports by e-mail</p>
<h1>${escapeHtml(input.title)}</h1>
<div class="card${input.tone ? ` ${input.tone}` : ''}">
${input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${form}
</div>
</main>`;
  const html = htmlPage({ title: input.title, body, styles: PAGE_STYLES, meta: { robots: 'noindex' } });
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return {
    status: input.status,
    html,
    policy: `default-src 'none'; style-src 'sha256-${hash}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  };
}
