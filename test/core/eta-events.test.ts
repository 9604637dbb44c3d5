import { describe, expect, it } from 'vitest';
import { decideEtaEvents, type EtaEventState, initialEtaEventState } from '../../src/core/tracking/eta-events.ts';
import type { Estimate } from '../../src/core/tracking/eta.ts';

const T0 = new Date('2025-03-04T14:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
/** An estimate made `madeAt` seconds after T0: `duration` seconds and `distance` metres to go. */
const estimate = (madeAt: number, distance: number, duration: number): Estimate => ({
  arriveAt: at(madeAt + duration),
  distance,
  duration,
});
const SCHEDULED = at(23 * 60);

describe('decideEtaEvents', () => {
  it('fires first_eta on the first estimate, which becomes the initial ETA', () => {
    const d = decideEtaEvents(initialEtaEventState(), estimate(0, 2582, 410), SCHEDULED);
    expect(d.events).toEqual([{ value: 'first_eta', remaining_distance: 2582, remaining_duration: 410 }]);
    expect(d.state).toEqual({
      initialEta: new Date('2025-03-04T14:06:50.000Z'),
      lastEta: new Date('2025-03-04T14:06:50.000Z'),
      delayedNotified: false,
      minutesAwayNotified: false,
    });
  });

  const announced: EtaEventState = {
    initialEta: at(410),
    lastEta: at(410),
    delayedNotified: false,
    minutesAwayNotified: false,
  };

  it('fires eta_change when the ETA moved by a minute or more', () => {
    const d = decideEtaEvents(announced, estimate(60, 2382, 410), SCHEDULED);
    expect(d.events).toEqual([{ value: 'eta_change', remaining_distance: 2382, remaining_duration: 410, change_reason: 'position_update' }]);
    expect(d.state.lastEta).toEqual(at(470));
    expect(d.state.initialEta).toEqual(at(410));
  });

  it('fires eta_change for an earlier ETA too', () => {
    const d = decideEtaEvents(announced, estimate(30, 2000, 320), SCHEDULED);
    expect(d.events.map((e) => e.value)).toEqual(['eta_change']);
    expect(d.state.lastEta).toEqual(at(350));
  });

  it('stays quiet for an ETA that moved by less than a minute', () => {
    const d = decideEtaEvents(announced, estimate(30, 2300, 439), SCHEDULED);
    expect(d.events).toEqual([]);
    expect(d.state).toEqual(announced);
  });

  it('reports a slow drift once it adds up to a minute from the last announced ETA', () => {
    let state = announced;
    const values: string[][] = [];
    for (const [madeAt, duration] of [
      [20, 420], // ETA +30 s
      [40, 415], // +45 s
      [60, 411], // +61 s
    ] as const) {
      const d = decideEtaEvents(state, estimate(madeAt, 2000, duration), SCHEDULED);
      values.push(d.events.map((e) => e.value));
      state = d.state;
    }
    expect(values).toEqual([[], [], ['eta_change']]);
    expect(state.lastEta).toEqual(at(471));
  });

  it('fires delayed once, when the ETA passes scheduled_at', () => {
    const late = decideEtaEvents(announced, estimate(600, 3000, 900), SCHEDULED);
    expect(late.events).toEqual([
      { value: 'eta_change', remaining_distance: 3000, remaining_duration: 900, change_reason: 'position_update' },
      {
        value: 'delayed',
        arrive_at: '2025-03-04T14:25:00.000Z',
        scheduled_at: '2025-03-04T14:23:00.000Z',
        initial_eta: '2025-03-04T14:06:50.000Z',
      },
    ]);
    expect(late.state.delayedNotified).toBe(true);
    // Back on time and late again: the risk follows that; the event does not repeat.
    const onTime = decideEtaEvents(late.state, estimate(660, 2000, 600), SCHEDULED);
    const lateAgain = decideEtaEvents(onTime.state, estimate(720, 3000, 900), SCHEDULED);
    expect(lateAgain.events.map((e) => e.value)).toEqual(['eta_change']);
  });

  it('does not fire delayed for an ETA exactly at scheduled_at, nor without a schedule', () => {
    expect(decideEtaEvents(announced, estimate(600, 2000, 780), SCHEDULED).events.map((e) => e.value)).toEqual(['eta_change']);
    expect(decideEtaEvents(announced, estimate(600, 3000, 900), null).events.map((e) => e.value)).toEqual(['eta_change']);
  });

  it('fires n_minutes_away once, when the remaining duration is down to 5 minutes', () => {
    const sixAway = decideEtaEvents(announced, estimate(50, 2600, 360), SCHEDULED);
    expect(sixAway.events).toEqual([]);
    const fiveAway = decideEtaEvents(sixAway.state, estimate(110, 2164, 300), SCHEDULED);
    expect(fiveAway.events).toEqual([{ value: 'n_minutes_away', remaining_distance: 2164, remaining_duration: 300, remaining_minutes: 5 }]);
    expect(fiveAway.state.minutesAwayNotified).toBe(true);
    const closer = decideEtaEvents(fiveAway.state, estimate(200, 1000, 200), SCHEDULED);
    expect(closer.events).toEqual([]);
  });

  it('takes N and the change step from its options', () => {
    const d = decideEtaEvents(announced, estimate(20, 5000, 420), SCHEDULED, { minChangeSeconds: 30, minutesAway: 10 });
    expect(d.events).toEqual([
      { value: 'eta_change', remaining_distance: 5000, remaining_duration: 420, change_reason: 'position_update' },
      { value: 'n_minutes_away', remaining_distance: 5000, remaining_duration: 420, remaining_minutes: 10 },
    ]);
  });

  it('fires every event that applies to a first estimate that is already late and close', () => {
    const d = decideEtaEvents(initialEtaEventState(), estimate(24 * 60, 900, 120), SCHEDULED);
    expect(d.events).toEqual([
      { value: 'first_eta', remaining_distance: 900, remaining_duration: 120 },
      {
        value: 'delayed',
        arrive_at: '2025-03-04T14:26:00.000Z',
        scheduled_at: '2025-03-04T14:23:00.000Z',
        initial_eta: '2025-03-04T14:26:00.000Z',
      },
      { value: 'n_minutes_away', remaining_distance: 900, remaining_duration: 120, remaining_minutes: 5 },
    ]);
  });

  it('does not change the state it was given', () => {
    const before = { ...announced };
    decideEtaEvents(announced, estimate(600, 3000, 900), SCHEDULED);
    expect(announced).toEqual(before);
  });
});
