// Request and response examples of Uber Direct's main operations, shown in /docs (issue 17).
// Bodies a test server answered; test/api/contract.test.ts validates every one against its
// operation's schemas, so an example cannot drift from what the route does.

const quoteBody = {
  pickup_address: '{"street_address":["1455 Market St"],"city":"San Francisco","state":"CA","zip_code":"94103","country":"US"}',
  dropoff_address: '{"street_address":["425 Market St"],"city":"San Francisco","state":"CA","zip_code":"94103","country":"US"}',
  pickup_latitude: 37.7752315,
  pickup_longitude: -122.418075,
  dropoff_latitude: 37.7859279,
  dropoff_longitude: -122.4089924,
  pickup_phone_number: '+14155551234',
  dropoff_phone_number: '+14155559876',
};

/** A delivery's pickup, dropoff or return as the API answers it, for a street in San Francisco 94103. */
const place = (name: string, phone_number: string, street: string, location: { lat: number; lng: number }) => ({
  name,
  phone_number,
  address: `${street}, San Francisco, CA 94103, US`,
  detailed_address: {
    street_address_1: street,
    street_address_2: '',
    city: 'San Francisco',
    state: 'CA',
    zip_code: '94103',
    country: 'US',
    sublocality_level_1: '',
  },
  notes: '',
  seller_notes: '',
  courier_notes: '',
  location,
  verification: {},
  verification_requirements: {},
  external_store_id: '',
});

const store = () => place('Corner Store', '+14155551234', '1455 Market St', { lat: 37.7752315, lng: -122.418075 });

export const quoteExample = {
  body: quoteBody,
  response: {
    kind: 'delivery_quote',
    id: 'dqt_e1qQIkSwQASpv1lRIk402Q',
    created: '2026-12-04T19:30:10.860Z',
    expires: '2026-12-04T19:45:10.860Z',
    fee: 764,
    currency: 'usd',
    currency_type: 'USD',
    dropoff_eta: '2026-12-04T19:44:03.860Z',
    duration: 14,
    pickup_duration: 10,
    dropoff_deadline: '2026-12-04T20:24:03.860Z',
  },
};

export const createDeliveryExample = {
  body: {
    ...quoteBody,
    pickup_name: 'Corner Store',
    dropoff_name: 'Jane Doe',
    manifest_items: [
      {
        name: 'Groceries',
        quantity: 2,
        size: 'small' as const,
        price: 1299,
        weight: 800,
      },
    ],
    manifest_reference: 'REF-1',
    manifest_total_value: 2598,
  },
  response: {
    id: 'del_Wg45cKK8Sii93S8Dt-SYEA',
    uuid: '5a0e3970a2bc4a28bddd2f03b7e49810',
    kind: 'delivery',
    status: 'pending',
    complete: false,
    courier_imminent: false,
    created: '2026-12-04T19:30:10.936Z',
    updated: '2026-12-04T19:30:10.936Z',
    pickup_ready: '2026-12-04T19:30:10.936Z',
    pickup_deadline: '2026-12-04T20:00:10.936Z',
    pickup_eta: '2026-12-04T19:40:10.936Z',
    dropoff_ready: '2026-12-04T19:30:10.936Z',
    dropoff_deadline: '2026-12-04T20:24:03.936Z',
    dropoff_eta: '2026-12-04T19:49:03.936Z',
    fee: 764,
    tip: 0,
    currency: 'usd',
    live_mode: true,
    manifest: {
      reference: 'REF-1',
      description: '2 x Groceries',
      total_value: 2598,
    },
    manifest_items: [
      {
        name: 'Groceries',
        quantity: 2,
        size: 'small',
        price: 1299,
        weight: 800,
      },
    ],
    pickup: store(),
    dropoff: place('Jane Doe', '+14155559876', '425 Market St', { lat: 37.7859279, lng: -122.4089924 }),
    return: store(),
    related_deliveries: [],
    tracking_url: 'https://track.example.test/t/kLUGAiJnWS5V',
    undeliverable_action: '',
    undeliverable_reason: '',
    dropoff_identifier: '',
  },
};

export const invalidParamsExample = {
  code: 'invalid_params',
  message: 'The parameters of your request were invalid.',
  kind: 'error',
  metadata: {
    pickup_address: 'This field is required.',
    dropoff_address: 'This field is required.',
    pickup_phone_number: 'This field is required.',
    dropoff_phone_number: 'This field is required.',
    pickup_name: 'This field is required.',
    dropoff_name: 'This field is required.',
    manifest_items: 'This field is required.',
  },
};
