import { describe, expect, it } from 'vitest';
import { emptyTracking, type OrderTracking } from '../../src/core/order/types.ts';
import { nextRiskCheckAt, type RiskCheckInput } from '../../src/core/tracking/risk-check-due.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../src/core/tracking/risk-thresholds.ts';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const s = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const device = (heardSecondsAgo: number) => ({
  deviceId: 'd',
  accountId: 'a',
  lastFix: null,
  lastSeenAt: s(-heardSecondsAgo),
});

const input = (over: Partial<RiskCheckInput> & { tracking?: Partial<OrderTracking>; scheduledAt?: Date | null } = {}): RiskCheckInput => ({
  now: NOW,
  device: device(0),
  thresholds: DEFAULT_RISK_THRESHOLDS,
  maxWaitSeconds: 3600,
  ...over,
  order: {
    status: 'ongoing',
    scheduledAt: over.scheduledAt ?? null,
    startedAt: s(-1000),
    tracking: { ...emptyTracking(), ...over.tracking },
    ...over.order,
  },
});

const secondsUntil = (i: RiskCheckInput) => (nextRiskCheckAt(i)!.getTime() - NOW.getTime()) / 1000;

describe('nextRiskCheckAt', () => {
  it('is when silence turns is_offline yellow, then red', () => {
    expect(secondsUntil(input({ device: device(100) }))).toBe(200);
    expect(secondsUntil(input({ device: device(400) }))).toBe(500);
    // Already red: only the cap is left.
    expect(secondsUntil(input({ device: device(1000) }))).toBe(3600);
  });

  it('is when a standing ETA has slid far enough from the announced one for eta_change', () => {
    const eta = s(600).toISOString();
    const tracking = {
      estimate: { arriveAt: eta, distance: 5000, duration: 600 },
      initialEta: s(580).toISOString(),
      etaNotified: { lastEta: s(580).toISOString(), delayed: false, minutesAway: false },
    };
    // 20 s of drift already: 40 s more make the 60 s of news.
    expect(secondsUntil(input({ tracking }))).toBe(40);
    // 55 s of drift: due in 5 s, unless a reporting device gets its news with its next fix.
    const drifted = { ...tracking, etaNotified: { ...tracking.etaNotified, lastEta: s(545).toISOString() } };
    expect(secondsUntil(input({ tracking: drifted }))).toBe(5);
    expect(secondsUntil(input({ tracking: drifted, etaSilenceSeconds: 30 }))).toBe(30);
    expect(secondsUntil(input({ tracking: drifted, etaSilenceSeconds: 30, device: device(100) }))).toBe(5);
  });

  it('is when the arrival passes scheduled_at (delayed) and each delay band', () => {
    const tracking = {
      estimate: { arriveAt: s(600).toISOString(), distance: 5000, duration: 600 },
      initialEta: s(600).toISOString(),
      etaNotified: { lastEta: s(600).toISOString(), delayed: true, minutesAway: false },
    };
    // Scheduled 20 minutes out: the ETA (10 minutes out) reaches the yellow margin (−300 s) in 300 s.
    expect(secondsUntil(input({ tracking, scheduledAt: s(1200) }))).toBe(60);
    const quiet = { ...tracking, etaNotified: { ...tracking.etaNotified, lastEta: null }, initialEta: null };
    expect(secondsUntil(input({ tracking: quiet, scheduledAt: s(1200) }))).toBe(300);
    // Without an estimate the arrival is now: red 600 s after scheduled_at.
    expect(secondsUntil(input({ scheduledAt: s(-500) }))).toBe(100);
  });

  it('never predicts past the cap, and nothing for an order that is not ongoing', () => {
    expect(secondsUntil(input({ device: device(0), maxWaitSeconds: 120 }))).toBe(120);
    expect(nextRiskCheckAt({ ...input(), order: { ...input().order, status: 'completed' } })).toBeNull();
  });

  it('stops predicting delays once the order arrived', () => {
    const tracking = { arrivedAt: s(-10), estimate: null };
    expect(secondsUntil(input({ tracking, scheduledAt: s(100), device: device(1000) }))).toBe(3600);
  });
});
