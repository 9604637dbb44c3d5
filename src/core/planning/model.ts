/**
 * The planner's public input and output. Plain data only (no classes), so an instance can cross a
 * `worker_threads` boundary by structured clone. Times and travel are in the matrix's units; the
 * solver never computes geography.
 */

/** A closed interval [open, close] during which service may *start*. */
export type TimeWindow = readonly [open: number, close: number];

export interface Vehicle {
  readonly id: string;
  /** Matrix index of the start; omitted = the route starts at its first stop. */
  readonly start?: number;
  /** Matrix index of the end; omitted = the route ends at its last stop. */
  readonly end?: number;
  /** Departure no earlier than shift[0], arrival at the end no later than shift[1]. */
  readonly shift?: TimeWindow;
  /** One number per load dimension (e.g. [kg, parcels]). */
  readonly capacity: readonly number[];
  readonly skills?: readonly string[];
  /** Sum of the route's travel durations (waiting and service excluded). */
  readonly maxTravelTime?: number;
  readonly maxDistance?: number;
  /** Added to the travel cost when the vehicle is used. */
  readonly fixedCost?: number;
}

export interface Job {
  readonly id: string;
  readonly location: number;
  readonly service?: number;
  /** Sorted, disjoint; omitted = always open. */
  readonly timeWindows?: readonly TimeWindow[];
  /** Loaded at the vehicle's start, dropped here. */
  readonly delivery?: readonly number[];
  /** Picked up here, carried to the vehicle's end. */
  readonly pickup?: readonly number[];
  readonly skills?: readonly string[];
  /** Leaving the job unassigned costs (1 + priority) units of the first objective level. */
  readonly priority?: number;
}

export interface ShipmentStop {
  readonly location: number;
  readonly service?: number;
  readonly timeWindows?: readonly TimeWindow[];
}

/** A pickup and its delivery: same vehicle, pickup first, `amount` on board in between. */
export interface Shipment {
  readonly id: string;
  readonly pickup: ShipmentStop;
  readonly delivery: ShipmentStop;
  readonly amount: readonly number[];
  readonly skills?: readonly string[];
  readonly priority?: number;
}

export interface Objective {
  /** Second level of the hierarchy: fewer vehicles before less travel. */
  readonly minimiseVehicles: boolean;
  /** Third level: which matrix is summed. */
  readonly travel: 'distance' | 'duration';
}

export interface PlanningInstance {
  /** Number of locations; both matrices are size × size, row-major (from × size + to). */
  readonly size: number;
  readonly durations: Float64Array;
  readonly distances: Float64Array;
  readonly vehicles: readonly Vehicle[];
  readonly jobs: readonly Job[];
  readonly shipments: readonly Shipment[];
  readonly objective: Objective;
}

export type StopKind = 'job' | 'pickup' | 'delivery';

/** A stop named by what it serves; a shipment appears twice (pickup and delivery). */
export interface StopRef {
  readonly kind: StopKind;
  readonly id: string;
}

export interface RouteSequence {
  readonly vehicle: string;
  readonly stops: readonly StopRef[];
  /** Leading stops already served or under way: the solver keeps them first and in order. */
  readonly started?: number;
}

/** What the checker reads: sequences only; it recomputes everything else. */
export interface PlanSequences {
  readonly routes: readonly RouteSequence[];
  readonly unassigned: readonly UnassignedRef[];
}

export interface UnassignedRef {
  readonly kind: 'job' | 'shipment';
  readonly id: string;
}

export interface PlannedStop extends StopRef {
  readonly location: number;
  readonly arrival: number;
  readonly serviceStart: number;
  readonly waiting: number;
  /** Load on board after the stop. */
  readonly load: readonly number[];
}

export interface PlannedRoute extends RouteSequence {
  readonly stops: readonly PlannedStop[];
  readonly departure: number;
  readonly arrival: number;
  readonly distance: number;
  readonly duration: number;
}

export interface PlanSummary {
  /** Σ (1 + priority) over unassigned jobs and shipments. */
  readonly unassignedWeight: number;
  readonly unassigned: number;
  readonly vehicles: number;
  readonly distance: number;
  readonly duration: number;
  /** Travel on the objective's matrix plus fixed costs. */
  readonly travelCost: number;
}

export interface Plan extends PlanSequences {
  readonly routes: readonly PlannedRoute[];
  readonly summary: PlanSummary;
}
