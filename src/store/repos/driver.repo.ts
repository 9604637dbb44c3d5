import type { Kysely, Selectable } from 'kysely';
import type { Barcode } from '../../core/driver/proofs.ts';
import type { OrderKey } from '../../core/order/types.ts';
import type { DB, DriverLinksTable, ProofFilesTable, StopProofsTable } from '../schema.ts';

/** A worker's sign-in link (docs/driver-app.md); `tokenHash` is the SHA-256 of its secret. */
export interface DriverLink {
  linkId: string;
  accountId: string;
  workerHandle: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A mutating driver call's answer, kept under its client action id. */
export interface DriverAction {
  accountId: string;
  workerHandle: string;
  actionId: string;
  action: string;
  /** What the action was about: the stop's id, or '' for the worker itself (shift). */
  subject: string;
  answer: unknown;
  createdAt: Date;
}

export type ProofKind = 'photo' | 'signature';

/** A stored proof image without its bytes. */
export interface ProofFileMeta {
  proofId: string;
  accountId: string;
  orderId: string;
  kind: ProofKind;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

export interface ProofFile extends ProofFileMeta {
  data: Uint8Array;
}

/** What the driver collected on completion, besides the files. */
export interface StopProof {
  orderId: string;
  accountId: string;
  barcodes: Barcode[];
  pinEntered: string | null;
  notes: string | null;
  signerName: string | null;
  completionLocation: { lat: number; lng: number; accuracy: number | null } | null;
  completedAt: Date;
}

/** An order record's key and its worker, found by the record's id. */
export interface StopRef {
  key: Required<OrderKey>;
  workerHandle: string | null;
}

export interface DriverRepo {
  insertLink(link: DriverLink): Promise<void>;
  findLink(linkId: string): Promise<DriverLink | null>;
  /** The worker's links, newest first. */
  listLinks(accountId: string, workerHandle: string): Promise<DriverLink[]>;
  /** Sets revoked_at once; false when the worker has no such link. */
  revokeLink(accountId: string, workerHandle: string, linkId: string, at: Date): Promise<boolean>;
  touchLink(linkId: string, at: Date): Promise<void>;
  findAction(accountId: string, workerHandle: string, actionId: string): Promise<DriverAction | null>;
  insertAction(a: DriverAction): Promise<void>;
  /** Stores the stop's photo or signature, replacing the one it had. */
  putProofFile(f: ProofFile): Promise<void>;
  findProofFile(proofId: string): Promise<ProofFile | null>;
  proofFilesOf(accountId: string, orderIds: readonly string[]): Promise<ProofFileMeta[]>;
  saveStopProof(p: StopProof): Promise<void>;
  stopProofsOf(accountId: string, orderIds: readonly string[]): Promise<StopProof[]>;
  findStop(accountId: string, orderId: string): Promise<StopRef | null>;
  findRequiredProofs(accountId: string): Promise<Record<string, boolean> | null>;
  saveRequiredProofs(accountId: string, required: Record<string, boolean>, at: Date): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const linkOf = (r: Selectable<DriverLinksTable>): DriverLink => ({
  linkId: r.link_id,
  accountId: r.account_id,
  workerHandle: r.worker_handle,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

const META = ['proof_id', 'account_id', 'order_id', 'kind', 'content_type', 'size', 'sha256', 'created_at'] as const;

const metaOf = (r: Omit<Selectable<ProofFilesTable>, 'data'>): ProofFileMeta => ({
  proofId: r.proof_id,
  accountId: r.account_id,
  orderId: r.order_id,
  kind: r.kind as ProofKind,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  createdAt: r.created_at,
});

const stopProofOf = (r: Selectable<StopProofsTable>): StopProof => ({
  orderId: r.order_id,
  accountId: r.account_id,
  barcodes: json(r.barcodes),
  pinEntered: r.pin_entered,
  notes: r.notes,
  signerName: r.signer_name,
  completionLocation: r.completion_location === null ? null : json(r.completion_location),
  completedAt: r.completed_at,
});

export class KyselyDriverRepo implements DriverRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insertLink(l: DriverLink): Promise<void> {
    await this.db
      .insertInto('driver_links')
      .values({
        link_id: l.linkId,
        account_id: l.accountId,
        worker_handle: l.workerHandle,
        token_hash: l.tokenHash,
        created_at: l.createdAt,
        expires_at: l.expiresAt,
        revoked_at: l.revokedAt,
        last_used_at: l.lastUsedAt,
      })
      .execute();
  }

  async findLink(linkId: string): Promise<DriverLink | null> {
    const row = await this.db.selectFrom('driver_links').selectAll().where('link_id', '=', linkId).executeTakeFirst();
    return row ? linkOf(row) : null;
  }

  async listLinks(accountId: string, workerHandle: string): Promise<DriverLink[]> {
    const rows = await this.db
      .selectFrom('driver_links')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('worker_handle', '=', workerHandle)
      .orderBy('created_at', 'desc')
      .orderBy('link_id', 'desc')
      .execute();
    return rows.map(linkOf);
  }

  async revokeLink(accountId: string, workerHandle: string, linkId: string, at: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('driver_links')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
      .where('account_id', '=', accountId)
      .where('worker_handle', '=', workerHandle)
      .where('link_id', '=', linkId)
      .returning('link_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async touchLink(linkId: string, at: Date): Promise<void> {
    await this.db.updateTable('driver_links').set({ last_used_at: at }).where('link_id', '=', linkId).execute();
  }

  async findAction(accountId: string, workerHandle: string, actionId: string): Promise<DriverAction | null> {
    const r = await this.db
      .selectFrom('driver_actions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('worker_handle', '=', workerHandle)
      .where('action_id', '=', actionId)
      .executeTakeFirst();
    if (!r) return null;
    return {
      accountId: r.account_id,
      workerHandle: r.worker_handle,
      actionId: r.action_id,
      action: r.action,
      subject: r.subject,
      answer: json(r.answer),
      createdAt: r.created_at,
    };
  }

  async insertAction(a: DriverAction): Promise<void> {
    await this.db
      .insertInto('driver_actions')
      .values({
        account_id: a.accountId,
        worker_handle: a.workerHandle,
        action_id: a.actionId,
        action: a.action,
        subject: a.subject,
        answer: JSON.stringify(a.answer),
        created_at: a.createdAt,
      })
      .execute();
  }

  async putProofFile(f: ProofFile): Promise<void> {
    const values = {
      proof_id: f.proofId,
      account_id: f.accountId,
      order_id: f.orderId,
      kind: f.kind,
      content_type: f.contentType,
      size: f.size,
      sha256: f.sha256,
      data: f.data,
      created_at: f.createdAt,
    };
    await this.db
      .insertInto('proof_files')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['order_id', 'kind']).doUpdateSet({
          proof_id: f.proofId,
          content_type: f.contentType,
          size: f.size,
          sha256: f.sha256,
          data: f.data,
          created_at: f.createdAt,
        }),
      )
      .execute();
  }

  async findProofFile(proofId: string): Promise<ProofFile | null> {
    const r = await this.db.selectFrom('proof_files').selectAll().where('proof_id', '=', proofId).executeTakeFirst();
    return r ? { ...metaOf(r), data: r.data } : null;
  }

  async proofFilesOf(accountId: string, orderIds: readonly string[]): Promise<ProofFileMeta[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('proof_files')
      .select(META)
      .where('account_id', '=', accountId)
      .where('order_id', 'in', [...orderIds])
      .orderBy('order_id')
      .orderBy('kind')
      .execute();
    return rows.map(metaOf);
  }

  async saveStopProof(p: StopProof): Promise<void> {
    const values = {
      barcodes: JSON.stringify(p.barcodes),
      pin_entered: p.pinEntered,
      notes: p.notes,
      signer_name: p.signerName,
      completion_location: p.completionLocation === null ? null : JSON.stringify(p.completionLocation),
      completed_at: p.completedAt,
    };
    await this.db
      .insertInto('stop_proofs')
      .values({ order_id: p.orderId, account_id: p.accountId, ...values })
      .onConflict((oc) => oc.column('order_id').doUpdateSet(values))
      .execute();
  }

  async stopProofsOf(accountId: string, orderIds: readonly string[]): Promise<StopProof[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('stop_proofs')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('order_id', 'in', [...orderIds])
      .orderBy('order_id')
      .execute();
    return rows.map(stopProofOf);
  }

  async findStop(accountId: string, orderId: string): Promise<StopRef | null> {
    // A stop id that is not a UUID names no order; the uuid cast would otherwise fail the statement.
    if (!UUID.test(orderId)) return null;
    const r = await this.db
      .selectFrom('orders')
      .select(['order_handle', 'type', 'type_index', 'fulfillment_attempt', 'worker_handle'])
      .where('account_id', '=', accountId)
      .where('id', '=', orderId)
      .executeTakeFirst();
    if (!r) return null;
    return {
      key: { orderHandle: r.order_handle, type: r.type as 'pick' | 'drop', typeIndex: r.type_index, fulfillmentAttempt: r.fulfillment_attempt },
      workerHandle: r.worker_handle,
    };
  }

  async findRequiredProofs(accountId: string): Promise<Record<string, boolean> | null> {
    const r = await this.db.selectFrom('driver_settings').select('required_proofs').where('account_id', '=', accountId).executeTakeFirst();
    return r ? json(r.required_proofs) : null;
  }

  async saveRequiredProofs(accountId: string, required: Record<string, boolean>, at: Date): Promise<void> {
    const values = { required_proofs: JSON.stringify(required), updated_at: at };
    await this.db
      .insertInto('driver_settings')
      .values({ account_id: accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
  }
}
