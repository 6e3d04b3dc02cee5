// Every piece of text that reaches a page or a chart goes through here: trial, site and
// key names come from users, and a page that a programme lead opens from an email must
// not run anything an upstream system put in a name.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML or SVG element content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  // control characters other than tab and newline have no place in a document
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A value safe to use as an element id (and in url(#id) references). */
export function safeId(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `id-${cleaned}`;
}
