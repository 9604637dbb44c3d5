// Moved to services with the task object it derives (Bringg webhooks render it too).
export { BRINGG_STATUS, bringgStatus, type StopState } from '../../services/bringg/task-status.ts';
