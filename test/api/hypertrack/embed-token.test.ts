import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBED_TOKEN_TTL_SECONDS } from '../../../src/services/orders/embed-tokens.ts';
import { type ApiClient, PUBLIC_URL, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { trackedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const GRANT = 'client_credentials';
const HTML = { accept: 'text/html' };

describe.each(STORE_KINDS)('POST /oauth/embed-token: a secure embed link for one order (%s)', (kind) => {
  let t: TestApi;
  let other: ApiClient;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));

  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    other = await t.newAccount('other');
  });
  afterAll(() => t?.close());

  /** A tracked order's embed_url, as the native API hands it out. */
  async function embedUrlOf(api: ApiClient): Promise<string> {
    const { route } = await trackedOrder(api);
    const r = await api.call('GET', `/orders/routes/${route.route_handle}`);
    return r.json().orders[0].embed_url as string;
  }

  const mint = (api: ApiClient, body: unknown) => api.call('POST', '/oauth/embed-token', body);
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length), headers });
  const refusedUrl = (body: { detail: { json: { embed_url: string[] } } }) => body.detail.json.embed_url;

  it('mints a time-limited secure_embed_url: the embed_url with a signed token appended', async () => {
    const embed_url = await embedUrlOf(t.api);
    expect(embed_url).toMatch(new RegExp(`^${PUBLIC_URL}/t/[0-9A-Za-z]{12}\\?embed=true$`));
    const r = await mint(t.api, { embed_url, grant_type: GRANT });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: EMBED_TOKEN_TTL_SECONDS,
      embed_url,
      secure_embed_url: `${embed_url}&token=${encodeURIComponent(body.access_token)}`,
    });
    // The token carries its expiry: a later mint is another token.
    clock.advance(1000);
    const again = (await mint(t.api, { embed_url, grant_type: GRANT })).json();
    expect(again.access_token).not.toBe(body.access_token);
  });

  it('opens the tracking page and the data it reads, with the token handed to the page', async () => {
    const embed_url = await embedUrlOf(t.api);
    const { secure_embed_url, access_token } = (await mint(t.api, { embed_url, grant_type: GRANT })).json();
    const page = await get(secure_embed_url, HTML);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const config = /<meta name="dropline-config" content="([^"]*)">/.exec(page.body)?.[1]?.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    expect(JSON.parse(config!)).toMatchObject({ embed: true, embedToken: access_token });
    const data = await get(secure_embed_url);
    expect(data.statusCode, data.body).toBe(200);
    expect(data.json()).toMatchObject({ status: 'ongoing', share_url: embed_url.replace('?embed=true', '') });
    const code = new URL(embed_url).pathname.split('/')[2]!;
    const embedPage = await t.app.inject({ method: 'GET', url: `/t/${code}/embed?token=${encodeURIComponent(access_token)}`, headers: HTML });
    expect(embedPage.statusCode).toBe(200);
  });

  it('an expired token opens nothing: page, data and stream are refused', async () => {
    const embed_url = await embedUrlOf(t.api);
    const { secure_embed_url } = (await mint(t.api, { embed_url, grant_type: GRANT })).json();
    clock.advance(EMBED_TOKEN_TTL_SECONDS * 1000 - 1000);
    expect((await get(secure_embed_url)).statusCode).toBe(200);
    clock.advance(1000);
    const page = await get(secure_embed_url, HTML);
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('data-state="refused"');
    expect(page.body).not.toContain('dropline-config');
    const data = await get(secure_embed_url);
    expect(data.statusCode).toBe(401);
    expect(data.json()).toEqual({ message: 'This secure embed link has expired or is not valid.' });
    const stream = await get(secure_embed_url.replace('?embed=true&', '/stream?'));
    expect(stream.statusCode).toBe(401);
  });

  it('a tampered token, or one minted for another order, is refused', async () => {
    const first = await embedUrlOf(t.api);
    const second = await embedUrlOf(t.api);
    const { access_token } = (await mint(t.api, { embed_url: first, grant_type: GRANT })).json();
    const [id, scope, exp, sig] = access_token.split('.');
    const later = String(Number(exp) + 86_400);
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    const forged = [`${id}.${scope}.${later}.${sig}`, `${id}.${scope}.${exp}.${flipped}`, `${id}.${scope}.${exp}`, 'not-a-token', ''];
    for (const token of forged) {
      const r = await get(`${first}&token=${encodeURIComponent(token)}`);
      expect(r.statusCode, token).toBe(401);
    }
    // The token of the first order, on the second order's page.
    const elsewhere = await get(`${second}&token=${encodeURIComponent(access_token)}`, HTML);
    expect(elsewhere.statusCode).toBe(401);
    const twice = await t.app.inject({ method: 'GET', url: `${new URL(first).pathname}?token=a&token=b` });
    expect(twice.statusCode).toBe(401);
  });

  it("another account's order is not found and mints nothing", async () => {
    const embed_url = await embedUrlOf(t.api);
    const r = await mint(other, { embed_url, grant_type: GRANT });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ code: 'order_not_found', title: 'Order Not Found', detail: 'Order not found for this embed_url' });
    const unknown = await mint(t.api, { embed_url: `${PUBLIC_URL}/t/doesnotexist1?embed=true`, grant_type: GRANT });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses foreign URLs, route embeds, unknown view parameters and bad bodies with 400 naming the field', async () => {
    const embed_url = await embedUrlOf(t.api);
    const cases: [unknown, string, RegExp][] = [
      [{ embed_url: 'https://embed.hypertrack.com/orders/x', grant_type: GRANT }, 'embed_url', /Not an order or route embed_url/],
      [{ embed_url: embed_url.replace(PUBLIC_URL, 'https://evil.example'), grant_type: GRANT }, 'embed_url', /Not an order or route embed_url/],
      [{ embed_url: 'not a url', grant_type: GRANT }, 'embed_url', /Not an order or route embed_url/],
      [{ embed_url: `${PUBLIC_URL}/app/routes/some-route/extra`, grant_type: GRANT }, 'embed_url', /Not an order or route embed_url/],
      [{ embed_url: `${embed_url}&show-visits-only=true`, grant_type: GRANT }, 'embed_url', /Unknown embed view parameter show-visits-only/],
      [{ embed_url, grant_type: 'password' }, 'grant_type', /client_credentials/],
      [{ grant_type: GRANT }, 'embed_url', /./],
      [{ embed_url, grant_type: GRANT, scope: 'x' }, '_schema', /scope/],
    ];
    for (const [body, field, message] of cases) {
      const r = await mint(t.api, body);
      expect(r.statusCode, `${JSON.stringify(body)}: ${r.body}`).toBe(400);
      expect(r.json().message).toBe('Validation error');
      expect(r.json().detail.json[field]?.[0], r.body).toMatch(message);
    }
    expect(refusedUrl((await mint(t.api, cases[3]![0])).json())[0]).toContain('embed_url');
  });

  it("secures a route's embed_url: the token opens that route's view and no other; another account's route is not found", async () => {
    const { route } = await trackedOrder(t.api);
    const r = await t.api.call('GET', `/orders/routes/${route.route_handle}`);
    const embed_url: string = r.json().embed_url;
    expect(embed_url).toBe(`${PUBLIC_URL}/app/routes/${encodeURIComponent(route.route_handle)}`);
    const minted = await mint(t.api, { embed_url, grant_type: GRANT });
    expect(minted.statusCode, minted.body).toBe(200);
    const { secure_embed_url, access_token } = minted.json();
    expect(secure_embed_url).toBe(`${embed_url}?token=${encodeURIComponent(access_token)}`);
    const page = await get(secure_embed_url, HTML);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-security-policy']).toContain('frame-ancestors *');
    const config = /<meta name="dropline-config" content="([^"]*)">/.exec(page.body)?.[1]?.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    expect(JSON.parse(config!)).toMatchObject({ routeHandle: route.route_handle, embed: true, embedToken: access_token });
    const view = await get(`${embed_url}/view?token=${encodeURIComponent(access_token)}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ route_handle: route.route_handle, stops: [expect.objectContaining({ status: 'ongoing' })] });
    expect((await get(`${embed_url}/view`)).statusCode).toBe(401);
    const tampered = `${access_token.slice(0, -2)}xx`;
    expect((await get(`${embed_url}/view?token=${encodeURIComponent(tampered)}`)).statusCode).toBe(401);
    const otherRoute = (await trackedOrder(t.api)).route.route_handle;
    expect((await get(`${PUBLIC_URL}/app/routes/${otherRoute}/view?token=${encodeURIComponent(access_token)}`)).statusCode).toBe(401);
    clock.advance((EMBED_TOKEN_TTL_SECONDS + 1) * 1000);
    expect((await get(`${embed_url}/view?token=${encodeURIComponent(access_token)}`)).statusCode).toBe(401);
    const foreign = await mint(other, { embed_url, grant_type: GRANT });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('route_not_found');
  });

  it('needs the account credentials', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/oauth/embed-token', payload: { embed_url: 'x', grant_type: GRANT } });
    expect(r.statusCode).toBe(401);
  });
});
