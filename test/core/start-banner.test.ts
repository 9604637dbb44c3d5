import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, startBanner } from '../../src/cli/banner.ts';

const base = { version: '1.2.3', url: 'http://127.0.0.1:8080', store: 'pglite' as const, osmandPort: 5055 };

describe('the start banner', () => {
  it('lists the dashboard, the API docs, share links and the GPS port', () => {
    const text = startBanner({ ...base, publicUrl: 'https://track.example.com' }).join('\n');
    expect(text).toContain('Dropline 1.2.3');
    expect(text).toContain('http://127.0.0.1:8080/app');
    expect(text).toContain('http://127.0.0.1:8080/docs');
    expect(text).toContain('https://track.example.com/t/<code>');
    expect(text).toContain('port 5055');
    expect(text).not.toContain('Warning');
  });

  it('says when the dedicated GPS port is off', () => {
    expect(startBanner({ ...base, publicUrl: 'https://x.example', osmandPort: null }).join('\n')).toContain('DROPLINE_OSMAND_PORT=off');
  });

  it('warns when DROPLINE_PUBLIC_URL is a loopback address', () => {
    for (const url of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'http://0.0.0.0:8080']) {
      expect(isLoopbackUrl(url)).toBe(true);
      expect(startBanner({ ...base, publicUrl: url }).join('\n')).toContain('Warning: DROPLINE_PUBLIC_URL');
    }
    for (const url of ['http://192.168.1.20:8080', 'https://track.example.com', 'not a url']) expect(isLoopbackUrl(url)).toBe(false);
  });
});
