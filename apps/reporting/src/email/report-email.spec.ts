import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '@ips/presentation';
import { VERDICT_NOT_A_LOOK } from '../reports/report-content/report-monitoring';
import type { ReportContent, ReportMetadata } from '../reports/report-types';
import { messageHtml, messageText, reportMessage } from './report-email';

// a stored report with a monitoring table (the golden fixture of the report renderings)
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../../../test/fixtures/version-1/report', name), 'utf8'));
const content = fixture('content.json') as ReportContent;
const metadata = fixture('metadata.json') as ReportMetadata;
const footer = { unsubscribeUrl: 'https://reports.example/unsubscribe?t=x', attachments: ['report.html'] };
const unwrapped = (text: string) => text.replace(/\s+/g, ' ');

describe('report e-mail: the monitoring verdict (DESIGN §6c, issue 17)', () => {
  it('says in words, in both parts, whether the boundary was crossed at this look, and which look it was', () => {
    const monitoring = content.monitoring!;
    expect(monitoring.thisLook).not.toBeNull();
    const message = reportMessage(metadata, content, footer);
    const text = unwrapped(messageText(message));
    const html = messageHtml(message);
    expect(text).toContain(monitoring.verdict);
    expect(html).toContain('Is the evidence strong enough to act on?');
    expect(html).toContain(escapeHtml(monitoring.verdict));
    const look = monitoring.looks[monitoring.thisLook! - 1];
    expect(text).toContain(`Look ${look.look} of the trial's interim monitoring plan`);
    expect(text).toContain(`${Math.round(look.informationFraction * 100)}% of the planned`);
  });

  it('a report that is not a look says so, and a trial without a plan gets no monitoring section', () => {
    const notALook: ReportContent = {
      ...content,
      monitoring: { ...content.monitoring!, thisLook: null, verdict: VERDICT_NOT_A_LOOK },
    };
    const text = unwrapped(messageText(reportMessage(metadata, notALook, footer)));
    expect(text).toContain(VERDICT_NOT_A_LOOK);
    expect(text).toContain(`taken ${content.monitoring!.looks.length} look`);

    const withoutPlan: ReportContent = { ...content, monitoring: undefined };
    const plain = messageText(reportMessage(metadata, withoutPlan, footer));
    expect(plain).not.toContain('strong enough to act on');
    expect(plain).not.toContain('monitoring plan');
  });
});
