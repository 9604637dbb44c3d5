import { canvasBlob } from './photo.ts';

/** A signature drawn with a finger on a canvas (pointer events: touch, pen and mouse alike). */
export class SignaturePad {
  private strokes = 0;
  private last: { x: number; y: number } | null = null;
  private readonly ctx: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.ctx = canvas.getContext('2d')!;
    canvas.style.touchAction = 'none';
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.last = this.point(e);
      this.dot(this.last);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.last) return;
      const p = this.point(e);
      this.line(this.last, p);
      this.last = p;
    });
    const end = () => {
      if (this.last) this.strokes++;
      this.last = null;
      canvas.dispatchEvent(new Event('change'));
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  /** Sizes the backing store to the element at the device's pixel ratio; clears the drawing. */
  resize() {
    const r = this.canvas.getBoundingClientRect();
    const dpr = devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(r.width * dpr));
    this.canvas.height = Math.max(1, Math.round(r.height * dpr));
    this.clear();
  }

  get isEmpty() {
    return this.strokes === 0;
  }

  clear() {
    const { ctx, canvas } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    // A white ground: a transparent PNG shows as black in some viewers.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const dpr = devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = ctx.fillStyle = '#111827';
    ctx.lineWidth = 2.5;
    ctx.lineCap = ctx.lineJoin = 'round';
    this.strokes = 0;
    canvas.dispatchEvent(new Event('change'));
  }

  toBlob(): Promise<Blob> {
    return canvasBlob(this.canvas, 'image/png');
  }

  private point(e: PointerEvent) {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private dot(p: { x: number; y: number }) {
    this.ctx.beginPath();
    this.ctx.arc(p.x, p.y, this.ctx.lineWidth / 2, 0, Math.PI * 2);
    this.ctx.fill();
  }

  private line(a: { x: number; y: number }, b: { x: number; y: number }) {
    this.ctx.beginPath();
    this.ctx.moveTo(a.x, a.y);
    this.ctx.lineTo(b.x, b.y);
    this.ctx.stroke();
  }
}
