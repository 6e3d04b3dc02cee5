import { escapeHtml, safeId } from './escape';
import { formatCount, formatNumber, formatPercent, formatPoints } from './number-format';

describe('text', () => {
  it('escapes the five HTML specials and drops control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>\u0007`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(null)).toBe('');
  });

  it('makes safe ids', () => {
    expect(safeId('km chart')).toBe('km-chart');
    expect(safeId('1st')).toBe('id-1st');
  });

  it('formats figures for people and passes disclosure marks through', () => {
    expect(formatPercent(0.4234)).toBe('42.3%');
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent('*')).toBe('*');
    expect(formatPoints(0.123)).toBe('+12.3');
    expect(formatPoints(-0.05)).toBe('−5.0');
    expect(formatPoints(-0.0001)).toBe('0.0');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount('*')).toBe('*');
    expect(formatNumber(41.25)).toBe('41.3');
  });
});
