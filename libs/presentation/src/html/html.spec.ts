import { htmlPage } from './html-page';
import { htmlTable } from './html-table';

describe('htmlTable', () => {
  const table = htmlTable({
    caption: 'Job starts by arm',
    columns: [
      { header: 'Arm' },
      { header: 'People', numeric: true },
      { header: 'Started a job', numeric: true, description: 'started a job within 12 months' },
    ],
    rows: [
      ['IPS', '240', '38.2%'],
      ['Usual care <b>', '*', '*'],
    ],
    groupHeaders: [
      ['', 1],
      ['12 months', 2],
    ],
    note: '* suppressed',
  });

  it('has a caption, scoped column and row headers, and numeric cells marked for alignment', () => {
    expect(table).toContain('<caption>Job starts by arm</caption>');
    expect(table).toContain('<th scope="col">Arm</th>');
    expect(table).toContain(
      '<th scope="col" class="num" abbr="started a job within 12 months">Started a job</th>',
    );
    expect(table).toContain('<th scope="row">IPS</th><td class="num">240</td>');
    expect(table).toContain('<th scope="colgroup" colspan="2" class="group">12 months</th>');
    expect(table).toContain('<p class="table-note">* suppressed</p>');
  });

  it('escapes cell text', () => {
    expect(table).toContain('Usual care &lt;b&gt;');
  });

  it('says so when there are no rows', () => {
    expect(
      htmlTable({
        caption: 'c',
        columns: [{ header: 'a' }, { header: 'b' }],
        rows: [],
        empty: 'Nobody yet.',
      }),
    ).toContain('<td colspan="2" class="empty">Nobody yet.</td>');
  });
});

describe('htmlPage', () => {
  const page = htmlPage({
    title: 'Report <1>',
    body: '<main><h1>Hello</h1></main>',
    meta: { 'ips:content-hash': 'abc' },
  });

  it('is a complete document that loads nothing from elsewhere and runs no script', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="en-GB">');
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Report &lt;1&gt;</title>');
    expect(page).toContain('<meta name="ips:content-hash" content="abc">');
    expect(page).not.toMatch(/<script|<link|src=|@import|url\(http/i);
  });

  it('has print rules', () => {
    expect(page).toContain('@media print');
    expect(page).toContain('break-inside: avoid');
  });
});
