// The task object is rendered in services: Bringg's webhooks send it too (services/bringg/webhook-format.ts).
export { renderCustomer, renderTask } from '../../services/bringg/task-document.ts';
