/** The browser's own barcode reader (Chromium on Android, Safari 17+); absent elsewhere, where values are typed. */
interface DetectedBarcode {
  rawValue: string;
  format: string;
}

/** The driver API's barcode types (docs/driver-app.md); the detector's other formats are `other`. */
const TYPES: Record<string, string> = { qr_code: 'QR', code_39: 'CODE39', code_128: 'CODE128' };
interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (opts?: { formats?: string[] }) => BarcodeDetectorLike;

const ctor = (): BarcodeDetectorCtor | null => (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector ?? null;

export const canDetectBarcodes = () => ctor() !== null;

/** Every barcode in a picture; an empty list when none could be read. */
export async function readBarcodes(picture: Blob): Promise<{ value: string; type: string }[]> {
  const Detector = ctor();
  if (!Detector) return [];
  const bitmap = await createImageBitmap(picture);
  try {
    const found = await new Detector().detect(bitmap);
    const seen = new Set<string>();
    return found
      .filter((b) => b.rawValue.length > 0 && !seen.has(b.rawValue) && seen.add(b.rawValue))
      .map((b) => ({ value: b.rawValue, type: TYPES[b.format] ?? 'other' }));
  } finally {
    bitmap.close();
  }
}
