import { createServer, type Server } from 'node:http';

export interface GeocoderServer {
  url: string;
  queries: string[];
  close(): Promise<void>;
}

/**
 * A street-address geocoder on loopback that answers as Nominatim's `/search?format=jsonv2` or
 * Photon's `/api` do, from a fixed list of addresses: the install's own geocoder, which the
 * test machine does not have.
 */
export async function startGeocoderServer(flavour: 'nominatim' | 'photon', addresses: { label: string; lng: number; lat: number }[]): Promise<GeocoderServer> {
  const queries: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    queries.push(q);
    const hits = addresses.filter((a) => a.label.toLowerCase().includes(q)).slice(0, Number(url.searchParams.get('limit') ?? 10));
    const body =
      flavour === 'nominatim'
        ? hits.map((a) => ({ lat: String(a.lat), lon: String(a.lng), display_name: a.label }))
        : {
            type: 'FeatureCollection',
            features: hits.map((a) => {
              const [street = '', city = ''] = a.label.split(', ');
              const [housenumber, ...rest] = street.split(' ');
              return { type: 'Feature', geometry: { type: 'Point', coordinates: [a.lng, a.lat] }, properties: { housenumber, street: rest.join(' '), city } };
            }),
          };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/${flavour === 'nominatim' ? 'search' : 'api'}`,
    queries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
