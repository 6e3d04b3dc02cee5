import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportDocument } from '../get-report/get-report.http.controller';
import type { ReportContent, ReportMetadata } from '../report-types';
import { reportCsv, type CsvSection } from './report-csv';
import { reportHtml } from './report-html';

// Reports are immutable, and every format is rendered again from the stored content on each
// request. A report stored under definitions version 1 (with a monitoring table, as reports
// were just before version 2) must therefore render byte for byte as it did when it was
// published: its JSON, its HTML and every CSV section it had. The fixture is such a stored
// content, and the SHA-256 of each rendering taken from the code that published it.

const FIXTURE = join(__dirname, '../../../../../test/fixtures/version-1/report');
const read = (name: string) => JSON.parse(readFileSync(join(FIXTURE, name), 'utf8'));
const content = read('content.json') as ReportContent;
const metadata = read('metadata.json') as ReportMetadata;
const expected = read('renderings.sha256.json') as Record<string, string>;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('a report stored under definitions version 1', () => {
  it('is the version-1 fixture it claims to be', () => {
    expect(content.definitionsVersion).toBe(1);
    expect(content.monitoring).toBeDefined();
    expect(JSON.stringify(content)).not.toMatch(/wellbeing|stratified|comparisons/);
  });

  it('renders its JSON form exactly as when it was published', () => {
    expect(sha256(JSON.stringify(reportDocument(metadata, content)))).toBe(expected.json);
  });

  it('renders its HTML page exactly as when it was published', () => {
    expect(sha256(reportHtml(metadata, content))).toBe(expected.html);
  });

  it.each(Object.keys(expected).filter((k) => k.startsWith('csv ')))(
    'renders its %s exactly as when it was published',
    (key) => {
      expect(sha256(reportCsv(content, key.slice(4) as CsvSection))).toBe(expected[key]);
    },
  );
});
