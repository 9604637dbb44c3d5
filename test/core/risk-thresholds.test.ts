import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { DEFAULT_RISK_THRESHOLDS, mergeThresholds, type RiskThresholdOverrides } from '../../src/core/tracking/risk-thresholds.ts';

const refusal = (overrides: unknown): { code: string; message: string; details: Record<string, unknown> } => {
  try {
    mergeThresholds(DEFAULT_RISK_THRESHOLDS, overrides as RiskThresholdOverrides);
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('DEFAULT_RISK_THRESHOLDS', () => {
  it('are the documented values (docs/risks-and-eta.md)', () => {
    expect(DEFAULT_RISK_THRESHOLDS).toEqual({
      is_offline: { yellow: 300, red: 900 },
      in_outage: { yellow: 300, red: 900 },
      in_low_battery: { yellow: 20, red: 10 },
      delayed_from_scheduled_at: { yellow: -300, red: 600 },
      delayed_from_initial_eta: { yellow: 600, red: 1200 },
      moving_too_slow: { yellow: 1.25, red: 1.5 },
      moving_away_from_destination: { yellow: 200, red: 500 },
      deviating_from_expected_route: { yellow: 500, red: 1500 },
    });
  });
});

describe('mergeThresholds', () => {
  it('returns the defaults without overrides', () => {
    expect(mergeThresholds(DEFAULT_RISK_THRESHOLDS)).toEqual(DEFAULT_RISK_THRESHOLDS);
    expect(mergeThresholds(DEFAULT_RISK_THRESHOLDS, {})).toEqual(DEFAULT_RISK_THRESHOLDS);
  });

  it('overrides one side of a band and keeps the other', () => {
    const merged = mergeThresholds(DEFAULT_RISK_THRESHOLDS, {
      is_offline: { red: 1800 },
      in_low_battery: { yellow: 30 },
    });
    expect(merged.is_offline).toEqual({ yellow: 300, red: 1800 });
    expect(merged.in_low_battery).toEqual({ yellow: 30, red: 10 });
    expect(merged.in_outage).toEqual({ yellow: 300, red: 900 });
  });

  it('overrides whole bands', () => {
    const merged = mergeThresholds(DEFAULT_RISK_THRESHOLDS, {
      deviating_from_expected_route: { yellow: 2000, red: 5000 },
      delayed_from_scheduled_at: { yellow: 0, red: 300 },
    });
    expect(merged.deviating_from_expected_route).toEqual({ yellow: 2000, red: 5000 });
    expect(merged.delayed_from_scheduled_at).toEqual({ yellow: 0, red: 300 });
  });

  it('accepts a band whose yellow equals its red (straight to red)', () => {
    expect(mergeThresholds(DEFAULT_RISK_THRESHOLDS, { is_offline: { yellow: 600, red: 600 } }).is_offline).toEqual({
      yellow: 600,
      red: 600,
    });
  });

  it('does not modify the defaults', () => {
    mergeThresholds(DEFAULT_RISK_THRESHOLDS, { is_offline: { yellow: 60 } });
    expect(DEFAULT_RISK_THRESHOLDS.is_offline).toEqual({ yellow: 300, red: 900 });
  });

  it('refuses a yellow beyond red', () => {
    expect(refusal({ is_offline: { yellow: 1000 } })).toEqual({
      code: 'invalid_request',
      message: 'yellow must be at most red for is_offline',
      details: { field: 'risk_thresholds.is_offline' },
    });
  });

  it('refuses a battery yellow below its red, since less battery is worse', () => {
    expect(refusal({ in_low_battery: { yellow: 5 } })).toEqual({
      code: 'invalid_request',
      message: 'yellow must be at least red for in_low_battery',
      details: { field: 'risk_thresholds.in_low_battery' },
    });
  });

  it('refuses a battery threshold outside 0-100', () => {
    expect(refusal({ in_low_battery: { yellow: 120 } })).toEqual({
      code: 'invalid_request',
      message: 'Must be a percentage (0-100)',
      details: { field: 'risk_thresholds.in_low_battery.yellow' },
    });
  });

  it('refuses negative times and distances but allows a negative schedule margin', () => {
    expect(refusal({ moving_away_from_destination: { yellow: -1 } })).toEqual({
      code: 'invalid_request',
      message: 'Must not be negative',
      details: { field: 'risk_thresholds.moving_away_from_destination.yellow' },
    });
    expect(mergeThresholds(DEFAULT_RISK_THRESHOLDS, { delayed_from_scheduled_at: { yellow: -900 } })).toMatchObject({
      delayed_from_scheduled_at: { yellow: -900, red: 600 },
    });
  });

  it('refuses an unknown risk, an unknown side and a non-number', () => {
    expect(refusal({ is_late: { yellow: 1 } })).toEqual({
      code: 'invalid_request',
      message: 'Unknown risk is_late',
      details: { field: 'risk_thresholds.is_late' },
    });
    expect(refusal({ is_offline: { orange: 1 } })).toEqual({
      code: 'invalid_request',
      message: 'Unknown threshold orange',
      details: { field: 'risk_thresholds.is_offline.orange' },
    });
    expect(refusal({ is_offline: { red: '900' } })).toEqual({
      code: 'invalid_request',
      message: 'Expected a finite number',
      details: { field: 'risk_thresholds.is_offline.red' },
    });
    expect(refusal({ is_offline: 900 })).toEqual({
      code: 'invalid_request',
      message: 'Expected an object with yellow and/or red',
      details: { field: 'risk_thresholds.is_offline' },
    });
  });
});
