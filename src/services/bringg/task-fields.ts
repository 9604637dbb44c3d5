/** The task fields create/update take verbatim, and which the task object renders (reference §6, §7). */
export const TASK_DETAIL_FIELDS = [
  'title',
  'tag_id',
  'task_type_id',
  'task_configuration_id',
  'service_plan_id',
  'team_ids',
  'ready_to_execute',
  'asap',
  'total_price',
  'delivery_price',
  'delivery_cost',
  'discount',
  'tip',
  'pre_delivery_tip',
  'post_delivery_tip_cash',
  'post_delivery_tip_credit',
  'left_to_be_paid',
  'service_fee',
  'payment_method',
  'reserved_until',
  'delivery_window_id',
  'scheduled_to_be_ready',
] as const;

/** Bringg's preparation times: Dropline tracks no preparation, so a task always shows them empty. */
export const NO_PREPARATION_TIMES = {
  preparation_start_time_planned: null,
  preparation_start_time_actual: null,
  preparation_end_time_planned: null,
  preparation_end_time_actual: null,
  preparation_ready_for_pickup_time_planned: null,
  preparation_ready_for_pickup_time_actual: null,
  preparation_picked_up_time_actual: null,
  preparation_acknowledge_time_actual: null,
} as const;

/** Bringg's task groups and linked tasks: a Dropline task stands alone. */
export const NO_TASK_LINKS = {
  group_uuid: null,
  group_leader_id: null,
  linked_task_id: null,
  parent_task_id: null,
} as const;
