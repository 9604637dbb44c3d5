/** Longest side of an uploaded proof photo: enough to read a house number, a few hundred kB as JPEG. */
export const PHOTO_MAX_SIDE = 1600;
const QUALITY = 0.8;

/** Shrinks a camera picture in the browser (canvas) before it is queued, so a bad connection carries less. */
export async function downscalePhoto(file: Blob, maxSide = PHOTO_MAX_SIDE): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw images');
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return canvasBlob(canvas, 'image/jpeg', QUALITY);
}

export function canvasBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Could not encode the image'))), type, quality));
}
