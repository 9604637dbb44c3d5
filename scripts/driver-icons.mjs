// Draws the driver app's icons (a white map pin on the dashboard's blue) as SVG and PNG, so
// nothing is downloaded and the PNGs can be regenerated: `node scripts/driver-icons.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

const OUT = new URL('../web/public/driver/', import.meta.url);
const BLUE = [29, 78, 216];
const WHITE = [255, 255, 255];

// The pin in a 100×100 box, inside the maskable safe zone (a centred circle of radius 40).
const PIN = { cx: 50, cy: 42, r: 20, tipY: 78, holeR: 8 };

/** Inside the pin's outline: a circle joined to a triangle whose sides are tangent to it. */
function inPin(x, y) {
  const dx = x - PIN.cx;
  const dy = y - PIN.cy;
  if (dx * dx + dy * dy <= PIN.r * PIN.r) return true;
  if (y < PIN.cy || y > PIN.tipY) return false;
  const d = PIN.tipY - PIN.cy;
  // Tangent points from the tip: the half-width shrinks linearly from the circle to the tip.
  const sin = PIN.r / d;
  const halfAtCentre = PIN.r / Math.sqrt(1 - sin * sin);
  const half = halfAtCentre * ((PIN.tipY - y) / d);
  return Math.abs(dx) <= half;
}

const inHole = (x, y) => (x - PIN.cx) ** 2 + (y - PIN.cy) ** 2 <= PIN.holeR ** 2;

function render(size) {
  const SS = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let white = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = ((px + (sx + 0.5) / SS) / size) * 100;
          const y = ((py + (sy + 0.5) / SS) / size) * 100;
          if (inPin(x, y) && !inHole(x, y)) white++;
        }
      }
      const a = white / (SS * SS);
      const o = py * (size * 4 + 1) + 1 + px * 4;
      for (let c = 0; c < 3; c++) raw[o + c] = Math.round(BLUE[c] * (1 - a) + WHITE[c] * a);
      raw[o + 3] = 255;
    }
  }
  return png(size, size, raw);
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(w, h, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const d = PIN.tipY - PIN.cy;
  const sin = PIN.r / d;
  const cos = Math.sqrt(1 - sin * sin);
  const tx = PIN.r * cos;
  const ty = PIN.cy + PIN.r * sin;
  const f = (n) => Number(n.toFixed(2));
  const path = `M${f(PIN.cx - tx)} ${f(ty)}A${PIN.r} ${PIN.r} 0 1 1 ${f(PIN.cx + tx)} ${f(ty)}L${PIN.cx} ${PIN.tipY}Z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="rgb(${BLUE})"/><path d="${path}" fill="#fff"/><circle cx="${PIN.cx}" cy="${PIN.cy}" r="${PIN.holeR}" fill="rgb(${BLUE})"/></svg>\n`;
}

for (const size of [192, 512]) writeFileSync(new URL(`icon-${size}.png`, OUT), render(size));
writeFileSync(new URL('icon.svg', OUT), svg());
