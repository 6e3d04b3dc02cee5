import { consortFlowSvg, type ConsortFlow } from './consort-flow';

const flow: ConsortFlow = {
  enrolment: [
    { label: 'Referred', count: '1,240' },
    { label: 'Assessed for eligibility', count: '1,100' },
    { label: 'Consented', count: '805' },
  ],
  exclusions: [{ after: 1, box: { label: 'Not eligible', count: '210' } }],
  randomised: { label: 'Randomised', count: '800' },
  arms: [
    {
      label: 'IPS',
      boxes: [
        { label: 'Allocated to IPS', count: '400' },
        { label: 'Withdrawn', count: '*' },
      ],
    },
    {
      label: 'Usual care',
      boxes: [
        { label: 'Allocated to usual care', count: '400' },
        { label: 'Withdrawn', count: '15' },
      ],
    },
  ],
};

describe('consortFlowSvg', () => {
  const svg = consortFlowSvg(flow, { id: 'consort', title: 'Participant flow' });

  it('draws a box for every stage, exclusion and arm stage', () => {
    expect(svg.match(/<g class="consort-box /g)).toHaveLength(3 + 1 + 1 + 4);
    expect(svg).toContain('n = 1,240');
    expect(svg).toContain('n = *');
  });

  it('connects the boxes with arrows', () => {
    // 3 enrolment arrows + 1 to the exclusion + 2 arm drops + 1 within each arm
    expect(svg.match(/marker-end="url\(#consort-arrow\)"/g)).toHaveLength(3 + 1 + 2 + 2);
  });

  it('is accessible: role img, title, and a description listing every box', () => {
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="consort-title">Participant flow</title>');
    expect(svg).toContain('Assessed for eligibility: n = 1,100 (Not eligible: n = 210)');
    expect(svg).toContain('Usual care: Allocated to usual care: n = 400; Withdrawn: n = 15.');
  });

  it('escapes labels', () => {
    const nasty = consortFlowSvg(
      { ...flow, randomised: { label: '<b>R&D</b>', count: '<1>' } },
      { id: 'c', title: 't' },
    );
    expect(nasty).not.toContain('<b>');
    expect(nasty).toContain('&lt;b&gt;R&amp;D&lt;/b&gt;');
  });
});
