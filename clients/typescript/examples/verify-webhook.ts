// docs/consumers.md's TypeScript example "verify a delivery", verbatim: CI compiles it against the built
// package, and DocExamplesTest checks that the document still shows exactly this code.
import { CloudEventFromJSON, type CloudEvent } from '@calibrate/types';

const bytes = (b64: string) => { try { return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)); } catch { return null; } };
export async function verifiedEvent(secret: string, headers: Record<string, string | undefined>,
                                    rawBody: string): Promise<CloudEvent | null> {
  const id = headers['webhook-id'], timestamp = headers['webhook-timestamp'];
  if (!(Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300)) return null;  // also if missing
  const key = await crypto.subtle.importKey('raw', bytes(secret.replace(/^whsec_/, ''))!,
      { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);  // verify compares in constant time
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${rawBody}`);
  for (const signature of (headers['webhook-signature'] ?? '').split(' ')) {  // during a rotation: either
    const mac = signature.startsWith('v1,') ? bytes(signature.slice(3)) : null;
    if (mac && await crypto.subtle.verify('HMAC', key, mac, signed)) return CloudEventFromJSON(JSON.parse(rawBody));
  }
  return null;
}
// then: if (event?.type === 'dev.calibrate.PriceChangeSubmitted.v1') read event.data as CalibrateEventPayloads[…]
