import { canDetectBarcodes, readBarcodes } from './barcode.ts';
import { downscalePhoto } from './photo.ts';
import { SignaturePad } from './signature.ts';
import type { Barcode, Stop } from './types.ts';

export interface CollectedProof {
  photo: Blob | null;
  signature: Blob | null;
  barcodes: Barcode[];
  pin: string | null;
  notes: string | null;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * The proof-of-delivery sheet. It collects what the stop requires and refuses to hand anything on
 * while a required proof is missing; the server checks the same again (and the PIN's value).
 */
export class ProofForm {
  private photo: Blob | null = null;
  private barcodes: Barcode[] = [];
  private stop: Stop | null = null;
  private readonly pad: SignaturePad;
  private previewUrl: string | null = null;

  constructor() {
    this.pad = new SignaturePad($<HTMLCanvasElement>('signature'));
    $('signature').addEventListener('change', () => this.mark());
    $('signature-clear').addEventListener('click', () => this.pad.clear());
    $<HTMLInputElement>('photo-input').addEventListener('change', (e) => void this.takePhoto(e.target as HTMLInputElement));
    $('barcode-add').addEventListener('click', () => {
      const input = $<HTMLInputElement>('barcode-text');
      this.addBarcode(input.value.trim());
      input.value = '';
    });
    $('barcode-text').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        $('barcode-add').click();
      }
    });
    $('barcode-scan').hidden = !canDetectBarcodes();
    $<HTMLInputElement>('barcode-input').addEventListener('change', (e) => void this.scan(e.target as HTMLInputElement));
    $('pin').addEventListener('input', () => this.mark());
  }

  open(stop: Stop) {
    this.stop = stop;
    this.photo = null;
    this.barcodes = [];
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = null;
    $<HTMLImageElement>('photo-preview').hidden = true;
    $<HTMLInputElement>('photo-input').value = '';
    $<HTMLInputElement>('pin').value = '';
    $<HTMLTextAreaElement>('notes').value = '';
    $('complete-missing').textContent = '';
    $('barcodes').replaceChildren();
    const r = stop.required_proofs;
    $('proof-photo').dataset.required = String(r.photo);
    $('proof-signature').dataset.required = String(r.signature);
    $('proof-barcode').dataset.required = String(r.barcodes.length > 0);
    $('proof-pin').dataset.required = String(r.pin);
    // A PIN only means something when the order has one.
    $('proof-pin').hidden = !r.pin;
    $('complete-form').hidden = false;
    // The canvas has its size only once the sheet is laid out.
    this.pad.resize();
    this.mark();
  }

  /** The proofs, or the names of the required ones still missing. */
  async collect(): Promise<{ proof: CollectedProof } | { missing: string[] }> {
    const r = this.stop!.required_proofs;
    const pin = $<HTMLInputElement>('pin').value.trim();
    const missing: string[] = [];
    if (r.photo && !this.photo) missing.push('photo');
    if (r.signature && this.pad.isEmpty) missing.push('signature');
    if (r.pin && !pin) missing.push('PIN');
    const have = new Set(this.barcodes.map((b) => b.value));
    const absent = r.barcodes.filter((b) => !have.has(b.value));
    if (absent.length) missing.push(`barcode ${absent.map((b) => b.value).join(', ')}`);
    if (missing.length) return { missing };
    const notes = $<HTMLTextAreaElement>('notes').value.trim();
    return {
      proof: {
        photo: this.photo,
        signature: this.pad.isEmpty ? null : await this.pad.toBlob(),
        barcodes: this.barcodes,
        pin: pin || null,
        notes: notes || null,
      },
    };
  }

  private async takePhoto(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    try {
      this.photo = await downscalePhoto(file);
    } catch {
      this.photo = null;
      $('complete-missing').textContent = 'That picture could not be read; take it again';
      return;
    }
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = URL.createObjectURL(this.photo);
    const img = $<HTMLImageElement>('photo-preview');
    img.src = this.previewUrl;
    img.hidden = false;
    img.dataset.bytes = String(this.photo.size);
    this.mark();
  }

  private async scan(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const found = await readBarcodes(file).catch(() => []);
    if (found.length === 0) $('complete-missing').textContent = 'No barcode found in that picture; type it instead';
    for (const b of found) this.addBarcode(b.value, b.type);
  }

  private addBarcode(value: string, type?: string) {
    if (!value || this.barcodes.some((b) => b.value === value)) return;
    const wanted = this.stop?.required_proofs.barcodes.find((b) => b.value === value);
    this.barcodes.push({ value, type: type ?? wanted?.type ?? 'other' });
    const li = document.createElement('li');
    li.textContent = value;
    $('barcodes').append(li);
    this.mark();
  }

  /** Ticks each proof that is there; the submit stays enabled so a tap names what is missing. */
  private mark() {
    const r = this.stop?.required_proofs;
    if (!r) return;
    $('proof-photo').dataset.done = String(this.photo !== null);
    $('proof-signature').dataset.done = String(!this.pad.isEmpty);
    $('proof-pin').dataset.done = String($<HTMLInputElement>('pin').value.trim().length > 0);
    const have = new Set(this.barcodes.map((b) => b.value));
    $('proof-barcode').dataset.done = String(this.barcodes.length > 0 && r.barcodes.every((b) => have.has(b.value)));
  }
}
