import type { BringgService } from './context.ts';
import { assignTaskService } from './routes/assign-task.ts';
import { cancelTaskService } from './routes/cancel-task.ts';
import { checkinService } from './routes/checkin.ts';
import { checkoutService } from './routes/checkout.ts';
import { createCustomerService } from './routes/create-customer.ts';
import { createNoteService } from './routes/create-note.ts';
import { createTaskService } from './routes/create-task.ts';
import { endTaskService } from './routes/end-task.ts';
import { getOpenOrdersByCustomerService } from './routes/get-open-orders-by-customer.ts';
import { getOpenTasksService } from './routes/get-open-tasks.ts';
import { getTaskService } from './routes/get-task.ts';
import { massCheckoutService } from './routes/mass-checkout.ts';
import { startTaskService } from './routes/start-task.ts';
import { updateCustomerService } from './routes/update-customer.ts';
import { updateInventoryService } from './routes/update-inventory.ts';
import { updateNoteService } from './routes/update-note.ts';
import { updateTaskExternalIdService } from './routes/update-task-external-id.ts';
import { updateTaskService } from './routes/update-task.ts';

/** The reference's action-code table (§2): one handler per service, reached by name or by code. */
export const SERVICES: BringgService[] = [
  createTaskService,
  updateTaskService,
  updateTaskExternalIdService,
  getTaskService,
  getOpenTasksService,
  getOpenOrdersByCustomerService,
  cancelTaskService,
  endTaskService,
  checkoutService,
  massCheckoutService,
  assignTaskService,
  createNoteService,
  updateNoteService,
  updateInventoryService,
  createCustomerService,
  updateCustomerService,
  startTaskService,
  checkinService,
];

export const BY_NAME = new Map(SERVICES.map((s) => [s.name, s]));
// Codes are case-sensitive opaque strings (reference §2).
export const BY_CODE = new Map(SERVICES.filter((s) => s.code).map((s) => [s.code!, s]));
