import type { Page } from 'playwright-core';

/**
 * How many pixels of a PNG screenshot are within `tolerance` of `rgb` on every channel. The
 * page's own image decoder does the work (no PNG library), from bytes handed over directly, so
 * no request is made.
 */
export async function countColour(page: Page, png: Buffer, rgb: [number, number, number], tolerance = 10): Promise<number> {
  return page.evaluate(
    async ([b64, [r, g, b], tol]) => {
      // Runs in the page; the test's tsconfig has no DOM types.
      // biome-ignore lint/suspicious/noExplicitAny: the page's globals
      const { createImageBitmap, OffscreenCanvas } = globalThis as any;
      const bytes = Uint8Array.from(atob(b64 as string), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - r!) <= tol && Math.abs(data[i + 1]! - g!) <= tol && Math.abs(data[i + 2]! - b!) <= tol) n++;
      }
      return n;
    },
    [png.toString('base64'), rgb, tolerance] as const,
  );
}
