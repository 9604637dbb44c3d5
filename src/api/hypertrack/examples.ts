// Request and response examples of the native API's main operations, shown in /docs (issue 17).
// Bodies a test server answered, handles made readable; test/api/contract.test.ts validates every
// one against its operation's schemas, so an example cannot drift from what the route does.

export const createWorkerExample = {
  body: {
    worker_handle: 'driver-ana',
    name: 'Ana Lima',
    device_id: 'DEVICE-ANA-1',
  },
  response: {
    worker_handle: 'driver-ana',
    name: 'Ana Lima',
    ops_group_handle: 'default',
    product_types: [],
    device_id: 'DEVICE-ANA-1',
    devices: [
      {
        device_id: 'DEVICE-ANA-1',
      },
    ],
    profile: {},
    home: null,
    schedule: [],
    unavailable_on: [],
    timezone: null,
    work_status: {
      available: true,
      tracking: false,
    },
    created_at: '2026-12-04T19:30:07.282Z',
    deleted: false,
  },
};

const ROUTE_HANDLE = 'a242cd36-2a60-4730-b6a4-369e3790d603';
const PLAN_ID = 'd45c8e66-86e9-45d1-98e5-1f09e7da27ca';
const TRACKED_AT = '2026-12-04T19:30:09.782Z';
const destination = {
  geometry: {
    type: 'Point' as const,
    coordinates: [-121.8610066, 37.3263062] as [number, number],
  },
  address: '748 Story Rd, San Jose, CA 95112',
  radius: 100,
};
const metadata = { customerID: '12654' };

/** The one order of the examples as the API shows it once tracked, before any location came in. */
const trackedOrder = {
  order_handle: 'order-1001',
  fulfillment_attempt: 0,
  status: 'ongoing',
  destination,
  track_mode: 'on_time',
  plan_mode: 'manual',
  risks: {
    moving_away_from_destination: 'green',
    is_offline: 'green',
    delayed_from_scheduled_at: 'green',
    deviating_from_expected_route: 'green',
    moving_too_slow: 'green',
    in_outage: 'green',
    delayed_from_initial_eta: 'green',
    in_low_battery: 'green',
  },
  scheduled_at: '2030-01-01T10:00:00.000Z',
  started_at: TRACKED_AT,
  type: 'drop',
  type_index: 0,
  expected_service_time: 0,
  actual_service_time: 0,
  tracked_service_time: 0,
  capacity_used: 1,
  metadata,
  share_url: 'https://track.example.test/t/bszr4LMCLC9a',
  device_id: 'DEVICE-ANA-1',
  worker_handle: 'driver-ana',
  created_at: TRACKED_AT,
  assigned_at: TRACKED_AT,
  route_handle: ROUTE_HANDLE,
  plan_id: PLAN_ID,
  distance: 0,
  duration: 0,
  tracking_rate: 0,
  polyline: {
    type: 'LineString',
    coordinates: [],
  },
  visited_destination: false,
};

export const trackOrdersExample = {
  body: {
    worker_handle: 'driver-ana',
    track_mode: 'on_time' as const,
    orders: [
      {
        order_handle: 'order-1001',
        destination,
        scheduled_at: '2030-01-01T10:00:00.000Z',
        metadata,
      },
    ],
  },
  response: {
    route_handle: ROUTE_HANDLE,
    status: 'tracking',
    version: 1,
    created_at: TRACKED_AT,
    embed_url: `https://track.example.test/app/routes/${ROUTE_HANDLE}`,
    orders: [{ ...trackedOrder, embed_url: 'https://track.example.test/t/bszr4LMCLC9a?embed=true' }],
    ops_group_handle: 'default',
    track_mode: 'on_time',
    plan_mode: 'manual',
    started_at: TRACKED_AT,
    assigned_at: TRACKED_AT,
    planned_at: TRACKED_AT,
    device_id: 'DEVICE-ANA-1',
    worker_handle: 'driver-ana',
    metadata: {},
    plan_id: PLAN_ID,
  },
};

export const getOrderExample = {
  ...trackedOrder,
  timeline: [
    {
      type: 'order_created',
      recorded_at: TRACKED_AT,
      order_handle: 'order-1001',
      metadata,
    },
    {
      type: 'order_assigned',
      recorded_at: TRACKED_AT,
      order_handle: 'order-1001',
      driver_handle: 'driver-ana',
      fulfillment_attempt: 0,
    },
    {
      type: 'order_started',
      recorded_at: TRACKED_AT,
      order_handle: 'order-1001',
      route_handle: ROUTE_HANDLE,
      order_type: 'drop',
      fulfillment_attempt: 0,
    },
  ],
};

export const postLocationsExample = {
  body: {
    locations: [
      {
        recorded_at: '2026-12-04T19:31:00.000Z',
        lat: 37.3301,
        lng: -121.8702,
        accuracy: 8,
        speed: 6.5,
        bearing: 140,
        battery: 81,
      },
    ],
  },
  response: { accepted: 1, duplicates: 0, dropped: {} },
};

export const orderNotFoundExample = {
  code: 'order_not_found',
  title: 'Order Not Found',
  detail: 'Order not found for handle none',
};
