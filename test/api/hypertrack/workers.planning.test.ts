import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const HOME = { address: '777 Story Rd, San Jose, CA 95122', geometry: { type: 'Point', coordinates: [-121.8624398, 37.3304521] } };
const SCHEDULE = [
  { day_of_week: 'MONDAY', start_time: '09:00', end_time: 1080, ops_group_handle: 'store-sf', priority: null },
  { day_of_week: 'FRIDAY', start_time: '22:00', end_time: '06:00' },
  { date: '2030-01-09', start_time: '12:00', end_time: '14:30' },
];
const SCHEDULE_OUT = [
  { day_of_week: 'MONDAY', start_time: '09:00', end_time: '18:00', ops_group_handle: 'store-sf', priority: null },
  { day_of_week: 'FRIDAY', start_time: '22:00', end_time: '06:00', ops_group_handle: null, priority: null },
  { date: '2030-01-09', start_time: '12:00', end_time: '14:30', ops_group_handle: null, priority: null },
];

/** Workers as planning resources (issue 15 item 1): home, schedule, unavailable_on, timezone, capacity. */
describe.each(STORE_KINDS)('worker planning fields on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind, { clock: new TestClock(new Date('2030-01-01T08:00:00.000Z')) });
  });
  afterAll(() => t.close());

  it('POST stores home, schedule, unavailable_on, timezone and profile.capacity; GET and the list return them', async () => {
    const handle = uniq('w');
    const c = await t.api.call('POST', '/workers', {
      worker_handle: handle,
      home: HOME,
      schedule: SCHEDULE,
      unavailable_on: ['2030-01-11', '2029-12-25', '2030-01-11'],
      timezone: 'america/los_angeles',
      profile: { capacity: 20, zoneId: '4' },
      product_types: ['plumbing'],
    });
    expect(c.statusCode, c.body).toBe(201);
    const expected = {
      worker_handle: handle,
      home: HOME,
      schedule: SCHEDULE_OUT,
      unavailable_on: ['2029-12-25', '2030-01-11'],
      timezone: 'America/Los_Angeles',
      profile: { capacity: 20, zoneId: '4' },
      product_types: ['plumbing'],
    };
    expect(c.json()).toMatchObject(expected);
    const got = await t.api.call('GET', `/workers/${handle}`);
    expect(got.json()).toMatchObject(expected);
    const listed = (await t.api.call('GET', `/workers?worker_handle=${handle}`)).json().workers;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject(expected);
    const noSchedule = (await t.api.call('GET', `/workers?worker_handle=${handle}&include_schedule=false`)).json().workers[0];
    expect(noSchedule).not.toHaveProperty('schedule');
    expect(noSchedule.home).toEqual(HOME);
  });

  it('a worker created without them answers home null, empty schedule and dates, timezone null', async () => {
    const c = await t.api.call('POST', '/workers', { worker_handle: uniq('w') });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ home: null, schedule: [], unavailable_on: [], timezone: null });
  });

  it('PATCH replaces what it names, keeps what it leaves out, and null clears', async () => {
    const handle = uniq('w');
    await t.api.call('POST', '/workers', { worker_handle: handle, home: HOME, schedule: SCHEDULE, unavailable_on: ['2030-01-11'], timezone: 'Europe/Berlin' });
    const renamed = await t.api.call('PATCH', `/workers/${handle}`, { name: 'Ann' });
    expect(renamed.json()).toMatchObject({ name: 'Ann', home: HOME, schedule: SCHEDULE_OUT, unavailable_on: ['2030-01-11'], timezone: 'Europe/Berlin' });
    const moved = await t.api.call('PATCH', `/workers/${handle}`, {
      home: { geometry: { type: 'Point', coordinates: [13.4, 52.52] } },
      schedule: [{ day_of_week: 'SUNDAY', start_time: '07:30', end_time: '15:00' }],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      home: { address: null, geometry: { type: 'Point', coordinates: [13.4, 52.52] } },
      schedule: [{ day_of_week: 'SUNDAY', start_time: '07:30', end_time: '15:00', ops_group_handle: null, priority: null }],
      unavailable_on: ['2030-01-11'],
    });
    const cleared = await t.api.call('PATCH', `/workers/${handle}`, { home: null, schedule: null, unavailable_on: [], timezone: null });
    expect(cleared.json()).toMatchObject({ home: null, schedule: [], unavailable_on: [], timezone: null });
    expect((await t.api.call('GET', `/workers/${handle}`)).json()).toMatchObject({ home: null, schedule: [], unavailable_on: [], timezone: null });
  });

  it('refuses bad shapes with a 422 naming the field, and stores nothing', async () => {
    const handle = uniq('w');
    const cases: [Record<string, unknown>, string][] = [
      [{ schedule: [{ day_of_week: 'MONDAY', start_time: '9am', end_time: '17:00' }] }, 'schedule.0.start_time'],
      [{ schedule: [{ day_of_week: 'MONDAY', start_time: '09:00', end_time: 1440 }] }, 'schedule.0.end_time'],
      [{ schedule: [{ day_of_week: 'FUNDAY', start_time: '09:00', end_time: '17:00' }] }, 'schedule.0.day_of_week'],
      [{ schedule: [{ start_time: '09:00', end_time: '17:00' }] }, 'schedule.0.day_of_week'],
      [{ schedule: [{ day_of_week: 'MONDAY', date: '2030-01-07', start_time: '09:00', end_time: '17:00' }] }, 'schedule.0.day_of_week'],
      [{ schedule: [{ day_of_week: 'MONDAY', start_time: '09:00', end_time: '09:00' }] }, 'schedule.0.end_time'],
      [{ schedule: [{ date: '2030-02-30', start_time: '09:00', end_time: '17:00' }] }, 'schedule.0.date'],
      [{ schedule: [{ day_of_week: 'MONDAY', start_time: '09:00', end_time: '17:00', priority: 1 }] }, 'schedule.0.priority'],
      [{ schedule: { day_of_week: 'MONDAY' } }, 'schedule'],
      [{ unavailable_on: ['15/12/2030'] }, 'unavailable_on.0'],
      [{ unavailable_on: '2030-12-15' }, 'unavailable_on'],
      [{ home: { address: 'Main St 1' } }, 'home.geometry'],
      [{ home: { geometry: { type: 'Point', coordinates: [200, 37] } } }, 'home.geometry.coordinates.0'],
      [{ home: { geometry: { type: 'Polygon', coordinates: [13.4, 52.5] } } }, 'home.geometry.type'],
      [{ home: { ...HOME, radius: 100 } }, 'home'],
      [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      [{ profile: { capacity: -1 } }, 'profile.capacity'],
      [{ profile: { capacity: 'lots' } }, 'profile.capacity'],
    ];
    for (const [body, field] of cases) {
      const r = await t.api.call('POST', '/workers', { worker_handle: handle, ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(Object.keys(r.json().detail.json), JSON.stringify(body)).toEqual([field]);
    }
    for (const body of [
      { schedule: [null] },
      { schedule: [[]] },
      { schedule: [{ day_of_week: 'MONDAY', start_time: 540.5, end_time: '17:00' }] },
      { home: [] },
      { home: 'home' },
      { home: { geometry: null } },
      { timezone: 5 },
      { timezone: '' },
      { unavailable_on: [null] },
      { profile: { capacity: 1.5 } },
    ]) {
      const r = await t.api.call('POST', '/workers', { worker_handle: handle, ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(Object.keys(r.json().detail.json).length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expect((await t.api.call('GET', `/workers/${handle}`)).statusCode).toBe(404);
    expect((await t.api.call('POST', '/workers', { worker_handle: handle, schedule: SCHEDULE })).statusCode).toBe(201);
    const bad = await t.api.call('PATCH', `/workers/${handle}`, { schedule: [{ day_of_week: 'MONDAY', start_time: '25:00', end_time: '17:00' }] });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().detail.json)).toEqual(['schedule.0.start_time']);
    expect((await t.api.call('GET', `/workers/${handle}`)).json().schedule).toEqual(SCHEDULE_OUT);
  });

  it('another account neither sees nor changes the fields', async () => {
    const handle = uniq('w');
    await t.api.call('POST', '/workers', { worker_handle: handle, home: HOME, schedule: SCHEDULE });
    const other = await t.newAccount();
    expect((await other.call('GET', `/workers/${handle}`)).statusCode).toBe(404);
    expect((await other.call('PATCH', `/workers/${handle}`, { home: null })).statusCode).toBe(404);
    const mine = await other.call('POST', '/workers', { worker_handle: handle, unavailable_on: ['2030-01-01'] });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ home: null, schedule: [], unavailable_on: ['2030-01-01'] });
    expect((await t.api.call('GET', `/workers/${handle}`)).json()).toMatchObject({ home: HOME, schedule: SCHEDULE_OUT, unavailable_on: [] });
  });
});
