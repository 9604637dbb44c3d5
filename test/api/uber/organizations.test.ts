import { OrganizationsClient } from 'uber-direct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, listen, quoteReq, sdkClient, sdkError, uberClient, type UberTestClient } from '../../helpers/uber.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The spec's CreateOrg sample body, under the given parent. */
const orgReq = (parent: string, info: Record<string, unknown> = {}) => ({
  info: {
    name: 'Sample Sub-Org Name',
    billing_type: 'BILLING_TYPE_CENTRALIZED',
    merchant_type: 'MERCHANT_TYPE_RESTAURANT',
    point_of_contact: { email: 'name@email.com', phone_details: { phone_number: '15555555555', country_code: '1', subscriber_number: '5555555555' } },
    address: { street1: '2000 Tustin Ave', street2: '', city: 'Irvine', state: 'CA', zipcode: '92602', country_iso2: 'US' },
    ...info,
  },
  hierarchy_info: { parent_organization_id: parent },
  options: { onboarding_invite_type: 'ONBOARDING_INVITE_TYPE_INVALID' },
});

const inviteReq = (email: string, roles = ['ROLE_ADMIN']) => ({
  user_details: {
    email,
    first_name: 'John',
    last_name: 'Smith',
    phone_details: { phone_number: '15555555555', country_code: '1', subscriber_number: '5555555555' },
  },
  roles,
});

describe.each(STORE_KINDS)('Uber organizations (CreateOrg, GetOrg, InviteToOrg) on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;
  let other: UberTestClient;
  let orgs: OrganizationsClient;

  beforeAll(async () => {
    t = await startTestApi(kind);
    u = await uberClient(t, 'live', 'orgs');
    other = await uberClient(t, 'live', 'orgs-other');
    orgs = new OrganizationsClient(u.token);
    orgs.baseURL = `${await listen(t)}/v1/direct`;
  });
  afterAll(() => t.close());

  const post = (c: UberTestClient, path: string, body: unknown) =>
    c.raw('POST', `/v1/direct${path}`, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('creates a sub-organization under the root (the customer_id), reads it back, and invites users to it and to the root', async () => {
    const created = (await orgs.createOrganization(orgReq(u.customerId) as never)) as Record<string, unknown> & { organization_id: string };
    expect(created.organization_id).toMatch(UUID);
    expect(created).toEqual({
      organization_id: created.organization_id,
      info: orgReq(u.customerId).info,
      hierarchy_info: { parent_organization_id: u.customerId },
    });
    expect(await orgs.getOrganization(created.organization_id)).toEqual(created);

    const second = (await orgs.createOrganization(orgReq(u.customerId, { name: 'Second Store', merchant_type: 'MERCHANT_TYPE_GROCERY' }) as never)) as {
      organization_id: string;
    };
    expect(second.organization_id).not.toBe(created.organization_id);
    expect(await orgs.getOrganization(second.organization_id)).toMatchObject({ info: { name: 'Second Store', merchant_type: 'MERCHANT_TYPE_GROCERY' } });

    const invited = (await orgs.inviteMember(created.organization_id, inviteReq('john@email.com') as never)) as Record<string, unknown>;
    expect(invited).toEqual({ membership_id: expect.stringMatching(UUID), organization_id: created.organization_id, ...inviteReq('john@email.com') });
    const atRoot = (await orgs.inviteMember(u.customerId, inviteReq('jane@email.com', ['ROLE_EMPLOYEE']) as never)) as Record<string, unknown>;
    expect(atRoot).toMatchObject({ organization_id: u.customerId, roles: ['ROLE_EMPLOYEE'] });
    expect(atRoot.membership_id).not.toBe(invited.membership_id);
    // One membership per address and organization.
    expect(await post(u, `/organizations/${created.organization_id}/memberships/invite`, inviteReq('JOHN@email.com'))).toEqual({
      status: 400,
      body: { message: 'email is already a member of the organization' },
    });
  });

  it('scopes are enforced: the organizations API needs direct.organizations, the deliveries API eats.deliveries', async () => {
    const pair = u.creds.uber.live;
    const token = async (scope: string) => {
      const r = await fetch(`${await listen(t)}/oauth/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: pair.client_id, client_secret: pair.client_secret, grant_type: 'client_credentials', scope }).toString(),
      });
      return (await r.json()) as { access_token: string; scope: string };
    };
    const deliveriesOnly = await token('eats.deliveries');
    const orgsOnly = await token('direct.organizations');
    expect([deliveriesOnly.scope, orgsOnly.scope]).toEqual(['eats.deliveries', 'direct.organizations']);
    const base = await listen(t);
    const call = (tok: string, path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tok}` } });
    const unauthorized = { code: 'unauthorized', message: 'Invalid OAuth 2.0 credentials provided.' };
    const o = await call(deliveriesOnly.access_token, `/v1/direct/organizations/${u.customerId}`);
    expect({ status: o.status, body: await o.json() }).toEqual({ status: 401, body: unauthorized });
    const d = await call(orgsOnly.access_token, `/v1/customers/${u.customerId}/deliveries`);
    expect({ status: d.status, body: await d.json() }).toEqual({ status: 401, body: unauthorized });
    expect((await call(deliveriesOnly.access_token, `/v1/customers/${u.customerId}/deliveries`)).status).toBe(200);
    expect((await call(orgsOnly.access_token, `/v1/direct/organizations/${u.customerId}`)).status).toBe(404);
  });

  it("a sub-organization's id is the customer_id of its own deliveries, apart from the root's", async () => {
    const org = (await orgs.createOrganization(orgReq(u.customerId, { name: 'Branch' }) as never)) as { organization_id: string };
    const branch = sdkClient(await listen(t), u.token, org.organization_id);
    const quote = (await branch.createQuote(quoteReq() as never)) as { id: string };
    const d = (await branch.createDelivery(deliveryReq({ quote_id: quote.id }) as never)) as { id: string; quote_id: string };
    expect(d.quote_id).toBe(quote.id);
    expect(await branch.getDelivery(d.id)).toMatchObject({ id: d.id, status: 'pending' });
    const list = (await branch.listDeliveries({} as never)) as { data: { id: string }[]; next_href: string };
    expect(list.data.map((x) => x.id)).toEqual([d.id]);

    // The root does not see the branch's delivery or quote, and the branch does not see the root's.
    expect(await sdkError(u.client.getDelivery(d.id))).toMatchObject({ status: 404, code: 'delivery_not_found' });
    expect(((await u.client.listDeliveries({} as never)) as { data: { id: string }[] }).data.map((x) => x.id)).not.toContain(d.id);
    const rootQuote = (await u.client.createQuote(quoteReq() as never)) as { id: string };
    expect(await sdkError(branch.createDelivery(deliveryReq({ quote_id: rootQuote.id }) as never))).toMatchObject({
      status: 400,
      metadata: { quote_id: expect.any(String) },
    });
    const rootDelivery = (await u.client.createDelivery(deliveryReq() as never)) as { id: string };
    expect(await sdkError(branch.cancelDelivery(rootDelivery.id))).toMatchObject({ status: 404, code: 'delivery_not_found' });
    expect((await branch.cancelDelivery(d.id)) as { status: string }).toMatchObject({ status: 'canceled' });

    // Another account's sub-organization is no customer of ours.
    const foreign = new OrganizationsClient(other.token);
    foreign.baseURL = orgs.baseURL;
    const theirs = (await foreign.createOrganization(orgReq(other.customerId) as never)) as { organization_id: string };
    expect(await sdkError(sdkClient(await listen(t), u.token, theirs.organization_id).listDeliveries({} as never))).toMatchObject({
      status: 404,
      code: 'customer_not_found',
    });
  });

  it('organizations are per account: another account sees 404 and cannot invite', async () => {
    const mine = (await orgs.createOrganization(orgReq(u.customerId) as never)) as { organization_id: string };
    expect(await other.raw('GET', `/v1/direct/organizations/${mine.organization_id}`)).toEqual({
      status: 404,
      body: { message: 'The requested resource does not exist.' },
    });
    expect((await post(other, `/organizations/${mine.organization_id}/memberships/invite`, inviteReq('a@b.co'))).status).toBe(404);
    expect(await u.raw('GET', `/v1/direct/organizations/${mine.organization_id.toUpperCase()}`)).toMatchObject({ status: 404 });
    // Another account's root is no parent of ours.
    expect(await post(u, '/organizations', orgReq(other.customerId))).toEqual({ status: 400, body: { message: 'parent_organization_id is invalid' } });
  });

  it('refuses as the spec examples do: parent not a root, bad enums, decentralized without address, unknown fields, bad JSON, no token', async () => {
    const sub = (await orgs.createOrganization(orgReq(u.customerId) as never)) as { organization_id: string };
    const notRoot = await post(u, '/organizations', orgReq(sub.organization_id));
    expect(notRoot).toMatchObject({ status: 400, body: { message: expect.stringContaining('parent organization is not a root organization') } });
    expect(await post(u, '/organizations', orgReq(u.customerId, { billing_type: 'BILLING_TYPE_MONTHLY' }))).toEqual({
      status: 400,
      body: { message: 'billing_type is invalid' },
    });
    expect(await post(u, '/organizations', orgReq(u.customerId, { merchant_type: 'MERCHANT_TYPE_CARS' }))).toEqual({
      status: 400,
      body: { message: 'merchant_type is invalid' },
    });
    expect(
      await post(u, '/organizations', orgReq(u.customerId, { billing_type: 'BILLING_TYPE_DECENTRALIZED', address: { city: 'Irvine', country_iso2: 'US' } })),
    ).toEqual({
      status: 400,
      body: { message: 'street1 is required for BILLING_TYPE_DECENTRALIZED' },
    });
    expect(await post(u, '/organizations', orgReq(u.customerId, { name: 'https://shop.example/' }))).toEqual({
      status: 400,
      body: { message: 'name is invalid' },
    });
    expect(await post(u, '/organizations', orgReq(u.customerId, { colour: 'red' }))).toEqual({
      status: 400,
      body: { message: 'info.colour is not a known field' },
    });
    const email = { ...orgReq(u.customerId), options: { onboarding_invite_type: 'ONBOARDING_INVITE_TYPE_EMAIL' } };
    expect(await post(u, '/organizations', email)).toEqual({ status: 400, body: { message: 'onboarding_invite_type is invalid' } });
    expect(await post(u, '/organizations', { info: { name: 'X', billing_type: 'BILLING_TYPE_CENTRALIZED' } })).toEqual({
      status: 400,
      body: { message: 'hierarchy_info is required' },
    });
    expect(await post(u, `/organizations/${sub.organization_id}/memberships/invite`, inviteReq('x@y.co', ['ROLE_OWNER']))).toEqual({
      status: 400,
      body: { message: 'roles is invalid' },
    });
    expect(await post(u, `/organizations/${sub.organization_id}/memberships/invite`, { roles: ['ROLE_ADMIN'] })).toEqual({
      status: 400,
      body: { message: 'user_details is required' },
    });
    const bad = await post(u, '/organizations', '{"info":');
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/^Could not parse json/);
    const anon = await fetch(`${await listen(t)}/v1/direct/organizations/${sub.organization_id}`);
    expect({ status: anon.status, body: await anon.json() }).toEqual({
      status: 401,
      body: { code: 'unauthorized', message: 'Invalid OAuth 2.0 credentials provided.' },
    });
  });
});
