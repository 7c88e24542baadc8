// Runs docs/consumers.md's verifiedEvent (compiled by CI into examples/dist) against deliveries signed as
// Calibrate signs them (Standard Webhooks: base64 HMAC-SHA256 of id.timestamp.body under the secret's bytes).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifiedEvent } from './dist/verify-webhook.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef');
const other = Buffer.from('fedcba9876543210fedcba9876543210');
const secret = 'whsec_' + key.toString('base64');
const id = '5f0c8a5e-2b7d-4d8f-9a1e-3c6b2d1f0e9a';
const now = String(Math.floor(Date.now() / 1000));
const body = JSON.stringify({ specversion: '1.0', id, source: '/tenants/t', type: 'dev.calibrate.PriceChangeSubmitted.v1',
  subject: 'c', time: new Date().toISOString(), position: 7, data: { priceChangeId: 'c' } });
const sign = (bytes, timestamp = now, text = body) =>
  'v1,' + createHmac('sha256', bytes).update(`${id}.${timestamp}.${text}`).digest('base64');
const headers = (signature, timestamp = now) =>
  ({ 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });

assert.equal((await verifiedEvent(secret, headers(sign(key)), body))?.type, 'dev.calibrate.PriceChangeSubmitted.v1');
// during a rotation: the old secret's signature first, a malformed one too, then ours
assert.ok(await verifiedEvent(secret, headers(`v1,!!! ${sign(other)} ${sign(key)}`), body));
assert.equal(await verifiedEvent(secret, headers(sign(other)), body), null, 'another secret');
assert.equal(await verifiedEvent(secret, headers(sign(key)), body + ' '), null, 'a changed body');
const old = String(Number(now) - 301);
assert.equal(await verifiedEvent(secret, headers(sign(key, old), old), body), null, 'a replay from 5 minutes ago');
assert.equal(await verifiedEvent(secret, { 'webhook-id': id, 'webhook-signature': sign(key) }, body), null, 'no timestamp');
assert.equal(await verifiedEvent(secret, { 'webhook-id': id, 'webhook-timestamp': now }, body), null, 'no signature');
assert.equal(await verifiedEvent(secret, headers('v2,' + sign(key).slice(3)), body), null, 'not a v1 signature');
console.log('verifiedEvent: 8 deliveries judged as expected');
