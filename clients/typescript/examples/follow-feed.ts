// docs/consumers.md's TypeScript example "follow the feed", verbatim below the declarations: CI compiles it
// against the built package, and DocExamplesTest checks that the document still shows exactly this code.
declare const api: string;
declare const token: string;
declare function loadPosition(): Promise<string>;
declare function savePosition(position: string): Promise<void>;
declare function onPrice(productId: string, price: unknown): Promise<void>;

import { CalibrateApi, Configuration } from '@calibrate/types';
import type { CalibrateEventPayloads } from '@calibrate/types/events';

const calibrate = new CalibrateApi(new Configuration({ basePath: api, accessToken: token }));
for (let after = await loadPosition(); ;) {                 // '0' the first time
  const page = await calibrate.listEvents({ after, limit: 1000 });
  for (const event of page.items) {
    if (event.type === 'dev.calibrate.ProductPriceChanged.v2') {
      const data = event.data as CalibrateEventPayloads['ProductPriceChanged'];
      await onPrice(data.productId, data.newPrice);           // idempotent: it may see an event twice
    }
    await savePosition(String(event.position));
  }
  after = page.next;
  if (page.items.length === 0) await new Promise((r) => setTimeout(r, 1000));
}
