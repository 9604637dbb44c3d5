import type { LngLat } from '../shared/map-view.ts';

export interface OrderRow {
  order_handle: string;
  status: string;
  worker_handle: string | null;
  share_path: string;
  address: string | null;
  destination: LngLat | null;
  locked: boolean;
  at_risk: boolean;
  risks: Record<string, string>;
  eta: { arrive_at: string; remaining_distance: number; remaining_duration: number } | null;
  arrived_at: string | null;
  updated_at: string;
  customer: { name: string | null; phone: string | null; instructions: string | null };
}

export interface OrderDetail extends OrderRow {
  timeline: { type: string; recorded_at: string }[];
  path: LngLat[];
}

export interface Device {
  device_id: string;
  worker_handle: string | null;
  worker_name: string | null;
  last_seen_at: string;
  location: { lng: number; lat: number; recorded_at: string; bearing: number | null; speed: number | null; battery: number | null } | null;
}

export interface WorkerOption {
  worker_handle: string;
  name: string | null;
}
