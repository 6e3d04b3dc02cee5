import { cumulativeIncidencePoints, kaplanMeierChartSvg, type CurveSeries } from './kaplan-meier-chart';

const ips: CurveSeries = {
  label: 'IPS',
  points: [
    { day: 0, estimate: 0, lower: null, upper: null },
    { day: 30, estimate: 0.1, lower: 0.06, upper: 0.15 },
    { day: 120, estimate: 0.3, lower: 0.24, upper: 0.37 },
  ],
  drawnToDay: 365,
};
const usualCare: CurveSeries = {
  label: 'Usual care',
  points: [
    { day: 0, estimate: 0, lower: null, upper: null },
    { day: 90, estimate: 0.12, lower: 0.08, upper: 0.17 },
  ],
  drawnToDay: 300,
};

describe('kaplanMeierChartSvg', () => {
  const svg = kaplanMeierChartSvg([ips, usualCare], { id: 'first-job', title: 'Time to first job by arm' });

  it('is one accessible SVG element: role img, labelled by its title and description', () => {
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="first-job-title first-job-desc"');
    expect(svg).toContain('<title id="first-job-title">Time to first job by arm</title>');
    expect(svg).toMatch(
      /<desc id="first-job-desc">IPS: 30\.0% had a first job by day 365 \(95% confidence interval 24\.0% to 37\.0%\)\. Usual care: 12\.0%/,
    );
  });

  it('draws each curve as a step line and its confidence band as shaded steps', () => {
    const lines = svg.match(/<path class="km-line" data-series="\d" d="([^"]+)"/g) ?? [];
    expect(lines).toHaveLength(2);
    // horizontal then vertical moves only: a step function
    expect(lines[0]).toMatch(/d="M[\d.]+ [\d.]+(H[\d.]+V[\d.]+)+H[\d.]+"/);
    const bands = svg.match(/<path class="km-band" data-series="(\d)" d="([^"]+)"/g) ?? [];
    expect(bands).toHaveLength(2);
    // IPS has two segments with limits (day 30–120 and 120–365): two rectangles
    expect((bands[0]!.match(/Z/g) ?? []).length).toBe(2);
  });

  it('tells the series apart by line pattern as well as colour', () => {
    expect(svg).toMatch(/<path class="km-line" data-series="0"[^>]*stroke="#0072B2"(?![^>]*dasharray)/);
    expect(svg).toMatch(/<path class="km-line" data-series="1"[^>]*stroke-dasharray="7 4"/);
  });

  it('shows a withheld series in the legend with its note and draws nothing for it', () => {
    const withheld = kaplanMeierChartSvg(
      [ips, { label: 'Usual care', points: [], note: 'withheld (fewer than 8 people)' }],
      { id: 'c', title: 't' },
    );
    expect(withheld).toContain('Usual care: withheld (fewer than 8 people)');
    expect(withheld.match(/class="km-line"/g)).toHaveLength(1);
  });

  it('escapes every label', () => {
    const nasty = kaplanMeierChartSvg([{ ...ips, label: '<script>alert(1)</script> & "x"' }], {
      id: 'x"><script>',
      title: '</title><script>',
    });
    expect(nasty).not.toContain('<script>');
    expect(nasty).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(nasty).toContain('id="x---script--title"');
  });
});

describe('cumulativeIncidencePoints', () => {
  it('turns Kaplan–Meier survival steps into cumulative incidence with the limits swapped', () => {
    expect(
      cumulativeIncidencePoints([
        { time: 0, survival: 0.9, lower: 0.8, upper: 0.95 },
        { time: 5, survival: 0.9, lower: 0.8, upper: 0.95 },
        { time: 10, survival: 0.7, lower: 0.6, upper: 0.8 },
      ]),
    ).toEqual([
      { day: 0, estimate: 0.09999999999999998, lower: 0.050000000000000044, upper: 0.19999999999999996 },
      { day: 10, estimate: 0.30000000000000004, lower: 0.19999999999999996, upper: 0.4 },
    ]);
  });
});
