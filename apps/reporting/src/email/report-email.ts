import type {
  PublishedEffect,
  PublishedOutcomeGroup,
  PublishedProportion,
  PublishedValue,
} from '@ips/domain';
import {
  escapeHtml,
  formatCount,
  formatPercent,
  formatPoints,
  longDate,
  ukDateTime,
} from '@ips/presentation';
import type { ReportContent, ReportMetadata } from '../reports/report-types';

// The e-mail a programme lead gets for each published report: the headline in words and
// the main numbers, in a plain-text and an HTML part that say the same thing. Every figure
// comes from the report's content, which is already through disclosure control (`*`
// stays `*`, withheld differences stay withheld), and the content holds only aggregates
// and site names: no participant identifier can reach a message. The full report rides
// along as an attachment (self-contained HTML; PDF where the server can print).

/** One block of the message: a heading, sentences, or labelled figures. */
export type MessageBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; strong?: boolean }
  | { kind: 'note'; text: string }
  | { kind: 'figures'; rows: { label: string; value: string }[] }
  | { kind: 'link'; text: string; url: string };

export interface ComposedMessage {
  subject: string;
  blocks: MessageBlock[];
}

export const DISCLOSURE_NOTE =
  '* = fewer than 8 people, or hidden so that such a number cannot be worked out from the other figures; a figure that rests on one is withheld too. Counts are rounded to the nearest 5.';

export function reportName(type: ReportContent['type']): string {
  return type === 'first_year' ? 'First-year results' : 'Interim report';
}

export function reportMessage(
  metadata: ReportMetadata,
  content: ReportContent,
  footer: { unsubscribeUrl: string; attachments: string[] },
): ComposedMessage {
  const byArm = content.tables.byArm;
  const arm = (a: 'ips' | 'usual_care') => byArm.groups.find((g) => g.key.arm === a);
  const trial = content.tables.trial.groups[0];
  const effect = (metric: string) => byArm.effects.find((e) => e.metric === metric);
  const blocks: MessageBlock[] = [
    { kind: 'heading', text: `${reportName(content.type)}: ${content.trial.name}` },
    {
      kind: 'note',
      text: `Outcomes as of ${longDate(content.asOf)} · published ${ukDateTime(metadata.createdAt)} · version ${metadata.version}`,
    },
    {
      kind: 'paragraph',
      text:
        content.type === 'interim'
          ? 'Interim figures: the trial is still running, and these numbers will change as more people complete a year of follow-up. They are not the trial’s result.'
          : 'First-year results, as of the trial’s first anniversary. People who joined later are still being followed up; the final analysis may differ.',
    },
    ...headline(effect('jobStart12m'), arm('ips'), arm('usual_care'), content),
    ...primaryOutcome(effect('worked13wIn12m'), arm('ips'), arm('usual_care')),
    ...monitoringVerdict(content),
    { kind: 'heading', text: 'The main numbers' },
    {
      kind: 'figures',
      rows: [
        {
          label: 'Randomised so far',
          value: `${formatCount(trial?.flow.randomised ?? 0)} (IPS ${formatCount(arm('ips')?.flow.randomised ?? 0)}, usual care ${formatCount(arm('usual_care')?.flow.randomised ?? 0)})`,
        },
        {
          label: 'Followed up for a full year',
          value: `${formatCount(trial?.flow.followUpComplete ?? 0)} of ${formatCount(trial?.flow.randomised ?? 0)}`,
        },
        {
          label: 'Started a paid job within 12 months',
          value: `IPS ${proportion(arm('ips')?.jobStart12m)}; usual care ${proportion(arm('usual_care')?.jobStart12m)}`,
        },
        {
          label: 'Difference (IPS − usual care)',
          value: difference(effect('jobStart12m')),
        },
        {
          label: 'Worked at least 13 weeks in the first year',
          value: `IPS ${proportion(arm('ips')?.worked13wIn12m)}; usual care ${proportion(arm('usual_care')?.worked13wIn12m)}`,
        },
        {
          label: 'Difference (IPS − usual care)',
          value: difference(effect('worked13wIn12m')),
        },
        {
          label: 'Withdrew from the trial',
          value: formatCount(trial?.flow.withdrawn ?? 0),
        },
      ],
    },
    { kind: 'note', text: DISCLOSURE_NOTE },
    { kind: 'heading', text: 'The full report' },
    {
      kind: 'paragraph',
      text: `Attached: ${footer.attachments.join(' and ')}. The HTML report opens in any web browser, needs no internet connection and can be forwarded as it is; it has the participant flow, the time-to-first-job chart, the outcomes by condition, site and cohort, and the definitions.`,
    },
    {
      kind: 'note',
      text: `Report ${metadata.id}; SHA-256 content hash ${metadata.contentHash}. With an API key it is also at ${metadata.links.html}.`,
    },
    { kind: 'heading', text: 'Why you got this' },
    {
      kind: 'paragraph',
      text: `This address is subscribed to the published reports of ${content.trial.name}. One click stops them:`,
    },
    { kind: 'link', text: 'Unsubscribe', url: footer.unsubscribeUrl },
  ];
  return {
    subject: `${reportName(content.type)}: ${content.trial.name}, outcomes as of ${longDate(content.asOf)}`,
    blocks,
  };
}

export function confirmationMessage(input: {
  trialName: string | null;
  confirmUrl: string;
  validDays: number;
}): ComposedMessage {
  const what = input.trialName
    ? `the published reports of ${input.trialName}`
    : 'the published reports of every trial';
  return {
    subject: `Confirm: e-mail reports of ${input.trialName ?? 'every IPS trial'}`,
    blocks: [
      { kind: 'heading', text: 'Please confirm this address' },
      {
        kind: 'paragraph',
        text: `A programme lead asked for ${what} — interim reports and the first-year results — to be e-mailed to this address. Nothing will be sent until you confirm:`,
      },
      { kind: 'link', text: 'Confirm and receive the reports', url: input.confirmUrl },
      {
        kind: 'note',
        text: `The link works for ${input.validDays} days. If you did not expect this, ignore it: no report will be sent and you will not hear from us again.`,
      },
    ],
  };
}

/** The plain-text part. */
export function messageText(message: ComposedMessage): string {
  const out: string[] = [];
  for (const block of message.blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`${block.text}\n${'='.repeat(Math.min(block.text.length, 72))}`);
        break;
      case 'paragraph':
      case 'note':
        out.push(wrap(block.text));
        break;
      case 'figures': {
        out.push(block.rows.map((r) => `- ${r.label}: ${r.value}`).join('\n'));
        break;
      }
      case 'link':
        out.push(`${block.text}: ${block.url}`);
        break;
      default:
        return assertNever(block);
    }
  }
  return `${out.join('\n\n')}\n`;
}

/** The HTML part: simple markup with inline styles, as mail programs read it. */
export function messageHtml(message: ComposedMessage): string {
  const parts: string[] = [];
  for (const block of message.blocks) {
    switch (block.kind) {
      case 'heading':
        parts.push(`<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(block.text)}</h2>`);
        break;
      case 'paragraph':
        parts.push(
          `<p style="margin:0 0 12px">${block.strong ? `<strong>${escapeHtml(block.text)}</strong>` : escapeHtml(block.text)}</p>`,
        );
        break;
      case 'note':
        parts.push(`<p style="margin:0 0 12px;color:#4b5459;font-size:13px">${escapeHtml(block.text)}</p>`);
        break;
      case 'figures':
        parts.push(
          `<table role="presentation" style="border-collapse:collapse;margin:0 0 12px">${block.rows
            .map(
              (r) =>
                `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;border-bottom:1px solid #c9d0d4;font-weight:600">${escapeHtml(r.label)}</th><td style="padding:4px 0;border-bottom:1px solid #c9d0d4">${escapeHtml(r.value)}</td></tr>`,
            )
            .join('')}</table>`,
        );
        break;
      case 'link':
        parts.push(
          `<p style="margin:0 0 12px"><a href="${escapeHtml(block.url)}" style="color:#005a8c">${escapeHtml(block.text)}</a></p>`,
        );
        break;
      default:
        return assertNever(block);
    }
  }
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(message.subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1b1b1b;max-width:640px;margin:0 auto;padding:16px">
${parts.join('\n')}
</body></html>
`;
}

function headline(
  effect: PublishedEffect | undefined,
  ips: PublishedOutcomeGroup | undefined,
  usual: PublishedOutcomeGroup | undefined,
  content: ReportContent,
): MessageBlock[] {
  if (!effect || effect.riskDifference === null || !ips || !usual)
    return [
      {
        kind: 'paragraph',
        strong: true,
        text: `Nobody in ${effect ? 'one of the arms' : 'the trial'} has yet been followed up for a full year, so the main result — how many people started a paid job within 12 months, with IPS compared with usual care — is not available yet.`,
      },
    ];
  if (effect.riskDifference === '*')
    return [
      {
        kind: 'paragraph',
        strong: true,
        text: 'The main 12-month comparison is withheld: too few people in at least one arm have a full year of follow-up to publish it without risk of identifying them.',
      },
    ];
  const d = effect.riskDifference;
  const lower = effect.lower as number;
  const upper = effect.upper as number;
  const direction = d > 0 ? 'more' : d < 0 ? 'fewer' : 'no more and no fewer';
  const reading =
    lower > 0
      ? 'The whole interval is above zero, so these results are consistent with IPS increasing the chance of starting a job.'
      : upper < 0
        ? 'The whole interval is below zero, so these results suggest fewer people start a job with IPS than with usual care.'
        : 'The interval includes zero, so on these results the possibility of no difference cannot be ruled out.';
  const caution =
    content.type === 'interim'
      ? ' Interim differences move as the trial goes on; they are not the trial’s answer.'
      : '';
  return [
    {
      kind: 'paragraph',
      strong: true,
      text: `Within 12 months of joining the trial, ${formatPercent(ips.jobStart12m.rate)} of people offered IPS had started a paid job, compared with ${formatPercent(usual.jobStart12m.rate)} of people offered usual care.`,
    },
    {
      kind: 'paragraph',
      text: `That is ${Math.abs(d * 100).toFixed(1)} percentage points ${direction} with IPS (95% confidence interval ${formatPoints(lower)} to ${formatPoints(upper)} points). ${reading}${caution}`,
    },
  ];
}

/** DESIGN §6c: the monitoring verdict, in the words the report uses, once the trial has a plan. */
function monitoringVerdict(content: ReportContent): MessageBlock[] {
  const m = content.monitoring;
  if (!m) return [];
  const look = m.thisLook === null ? undefined : m.looks[m.thisLook - 1];
  return [
    { kind: 'heading', text: 'Is the evidence strong enough to act on?' },
    { kind: 'paragraph', text: m.verdict, strong: true },
    {
      kind: 'note',
      text: look
        ? `Look ${look.look} of the trial's interim monitoring plan (O’Brien–Fleming boundaries, overall false-positive allowance ${m.alpha}), at ${Math.round(look.informationFraction * 100)}% of the planned ${formatCount(m.plannedParticipants)} participants followed up for a year. Repeated looks at a running trial would otherwise find differences by chance; the boundary is set so they do not.`
        : `The trial's interim monitoring plan (O’Brien–Fleming boundaries, overall false-positive allowance ${m.alpha}, ${formatCount(m.plannedParticipants)} participants planned) has ${m.looks.length === 0 ? 'taken no look yet' : `taken ${m.looks.length} look${m.looks.length === 1 ? '' : 's'} so far`}; the report's monitoring table has the details.`,
    },
  ];
}

function primaryOutcome(
  effect: PublishedEffect | undefined,
  ips: PublishedOutcomeGroup | undefined,
  usual: PublishedOutcomeGroup | undefined,
): MessageBlock[] {
  if (!effect || effect.riskDifference === null || !ips || !usual) return [];
  if (effect.riskDifference === '*')
    return [
      {
        kind: 'paragraph',
        text: 'The comparison of working at least 13 weeks in the first year is withheld (too few people to publish it safely).',
      },
    ];
  return [
    {
      kind: 'paragraph',
      text: `Working for at least 13 weeks in the first year (the health-led trials’ primary employment outcome): ${formatPercent(ips.worked13wIn12m.rate)} with IPS against ${formatPercent(usual.worked13wIn12m.rate)} with usual care, a difference of ${formatPoints(effect.riskDifference)} percentage points (95% confidence interval ${formatPoints(effect.lower)} to ${formatPoints(effect.upper)}).`,
    },
  ];
}

function proportion(p: PublishedProportion | undefined): string {
  if (!p) return '–';
  const rate = rateText(p.rate);
  return `${rate} (${formatCount(p.numerator)} of ${formatCount(p.denominator)})`;
}

function rateText(value: PublishedValue): string {
  return formatPercent(value);
}

function difference(effect: PublishedEffect | undefined): string {
  if (!effect || effect.riskDifference === null) return '– (not available yet)';
  if (effect.riskDifference === '*') return '* (withheld)';
  const ci =
    typeof effect.lower === 'number' && typeof effect.upper === 'number'
      ? ` (95% CI ${formatPoints(effect.lower)} to ${formatPoints(effect.upper)})`
      : '';
  return `${formatPoints(effect.riskDifference)} percentage points${ci}`;
}

function wrap(text: string, width = 76): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function assertNever(x: never): never {
  throw new Error(`unexpected message block ${JSON.stringify(x)}`);
}
