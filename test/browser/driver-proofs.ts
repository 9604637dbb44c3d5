import type { Page } from 'playwright-core';

type Box = { x: number; y: number; width: number; height: number };

/** Signs on the pad along `stroke` (viewport points from the pad's box) and waits until the app has the signature. */
export async function drawSignature(page: Page, stroke: (box: Box) => [number, number][]) {
  // Mouse events go to viewport coordinates: the pad must be on screen.
  await page.locator('#signature').scrollIntoViewIfNeeded();
  const [first, ...rest] = stroke((await page.locator('#signature').boundingBox())!);
  await page.mouse.move(...first!);
  await page.mouse.down();
  for (const p of rest) await page.mouse.move(...p);
  await page.mouse.up();
  await page.waitForSelector('#proof-signature[data-done="true"]');
}

/** The preview has its size once the picture is decoded; measuring the signature pad before that would aim beside it. */
export const photoShown = (page: Page) =>
  page.waitForFunction(() => {
    const img = (
      globalThis as unknown as { document: { getElementById(i: string): { hidden: boolean; complete: boolean; naturalWidth: number } | null } }
    ).document.getElementById('photo-preview');
    return !!img && !img.hidden && img.complete && img.naturalWidth > 0;
  });
