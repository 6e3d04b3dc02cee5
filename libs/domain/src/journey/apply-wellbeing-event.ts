import type { StoredEvent, WellbeingMeasuredData } from '@ips/contracts';
import type { FoldState } from './fold-state';
import { findingAbout } from './pending-finding';

/**
 * DESIGN §5: every measurement is kept by instrument; two on the same day for the same
 * instrument keep the later arrival. Events come in fold order (date, then arrival), so a
 * same-day one is always the last of its list.
 */
export function applyWellbeingMeasured(
  state: FoldState,
  event: StoredEvent,
  data: WellbeingMeasuredData,
): void {
  const list = (state.wellbeing[data.instrument] ??= []);
  const last = list[list.length - 1];
  const measurement = { on: event.occurredOn, score: data.score };
  if (last !== undefined && last.on === event.occurredOn) {
    list[list.length - 1] = measurement;
    state.findings.push(
      findingAbout(
        event,
        'wellbeing_measured_twice_same_day',
        `A second ${data.instrument} score for ${event.occurredOn} arrived (${last.score}, then ${data.score}); ` +
          'only the later one counts. Retract the one that is wrong.',
      ),
    );
    return;
  }
  list.push(measurement);
}
