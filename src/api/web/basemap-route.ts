import { createReadStream, statSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseByteRange } from './byte-range.ts';

export const BASEMAP_PATH = '/basemap/region.pmtiles';

/**
 * The operator's PMTiles basemap (DROPLINE_BASEMAP), served to the pages by byte ranges: the
 * map reads a 16 KiB header and directory, then only the tiles it shows, never the whole file.
 * The ETag (size and mtime) lets a reader notice the file was replaced between two requests;
 * a strong one, because PMTiles readers ignore weak ETags.
 */
export function registerBasemapRoute(app: FastifyInstance, file: string) {
  const send = async (req: FastifyRequest, reply: FastifyReply) => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(file);
    } catch {
      return reply.status(404).type('text/plain').send('The basemap file is missing.');
    }
    const size = stat.size;
    const etag = `"${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    reply.header('etag', etag);
    reply.header('accept-ranges', 'bytes');
    reply.header('cache-control', 'public, max-age=3600, no-transform');
    reply.header('content-type', 'application/vnd.pmtiles');
    reply.header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    // If-Range with another ETag: the client's earlier bytes belong to an older file, send it whole.
    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== etag ? null : parseByteRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      reply.header('content-range', `bytes */${size}`);
      return reply.status(416).send();
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    reply.header('content-length', String(end - start + 1));
    if (range) reply.header('content-range', `bytes ${start}-${end}/${size}`);
    reply.status(range ? 206 : 200);
    if (size === 0) return reply.send();
    return reply.send(createReadStream(file, { start, end }));
  };
  app.get(BASEMAP_PATH, { schema: { hide: true } }, send);
}
