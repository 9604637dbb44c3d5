import type { OrderTask } from '../core/order/task.ts';
import type { TimelineEvent } from '../core/order/timeline.ts';
import type { Order, TrackPoint } from '../core/order/types.ts';
import type { Route } from '../core/route.ts';
import type { RouteEstimate } from '../core/route-stops.ts';

/** What a use case hands back to a dialect to render. */
export interface OrderView {
  order: Order;
  timeline: TimelineEvent[];
  polyline: TrackPoint[];
  /** The order's checklist tasks, where the read loaded them. */
  tasks?: OrderTask[];
  /** The stored row's version when it was read (changes with every write of the order). */
  version?: string;
}

export interface RouteView {
  route: Route;
  /** In the route's stop sequence. */
  orders: Order[];
  /** What the sequence plans (see `routeView`); absent where a use case answers without it. */
  plan?: RoutePlanView;
}

export interface RoutePlanView {
  /** Metres and seconds (travel and service) over the live stops in sequence. */
  distance: number;
  duration: number;
  /** What is left of a route not completed; null for a completed or empty one. */
  estimate: RouteEstimate | null;
}
