import { given } from '../testing/given-when-then';
import { participant } from '../testing/stored-events';

describe('foldJourney: wellbeing measurements (DESIGN §5)', () => {
  const p = participant();

  it('keeps every measurement by instrument, in date order whatever the arrival order', () => {
    given(
      p.measured('2018-07-01', 'wemwbs', 50),
      p.measured('2017-07-01', 'phq9', 12),
      p.measured('2017-07-01', 'wemwbs', 40),
    )
      .whenFolded()
      .then((journey) => {
        expect(journey.wellbeing).toEqual({
          wemwbs: [
            { on: '2017-07-01', score: 40 },
            { on: '2018-07-01', score: 50 },
          ],
          phq9: [{ on: '2017-07-01', score: 12 }],
        });
        expect(journey.findings).toEqual([expect.objectContaining({ code: 'missing_referral' })]);
      });
  });

  it('keeps the later arrival of two on the same day for one instrument, with a finding about it', () => {
    const first = p.measured('2017-07-01', 'gad7', 9);
    const second = p.measured('2017-07-01', 'gad7', 11);
    given(p.referred('2017-06-01'), second, first)
      .whenFolded()
      .then((journey) => {
        expect(journey.wellbeing).toEqual({ gad7: [{ on: '2017-07-01', score: 11 }] });
        expect(journey.findings).toEqual([
          {
            code: 'wellbeing_measured_twice_same_day',
            eventId: second.eventId,
            occurredOn: '2017-07-01',
            message: expect.stringMatching(/second gad7 score .* \(9, then 11\).*only the later one counts/),
          },
        ]);
      });
  });

  it('does not treat two instruments on one day as a repeat', () => {
    given(p.referred('2017-06-01'), p.measured('2017-07-01', 'gad7', 9), p.measured('2017-07-01', 'phq9', 9))
      .whenFolded()
      .thenFindings();
  });

  it('brings the earlier same-day score back when the later one is retracted', () => {
    const first = p.measured('2017-07-01', 'eq5d_vas', 60);
    const second = p.measured('2017-07-01', 'eq5d_vas', 70);
    given(p.referred('2017-06-01'), first, second, p.retracted('2019-01-01', second))
      .whenFolded()
      .then((journey) => {
        expect(journey.wellbeing).toEqual({ eq5d_vas: [{ on: '2017-07-01', score: 60 }] });
        expect(journey.findings).toEqual([]);
      });
  });

  it('leaves the field out of a journey without measurements, so older journeys fold unchanged', () => {
    const only = p.measured('2017-07-01', 'wemwbs', 40);
    given(p.referred('2017-06-01'), only, p.retracted('2017-07-02', only))
      .whenFolded()
      .then((journey) => expect('wellbeing' in journey).toBe(false));
  });
});
