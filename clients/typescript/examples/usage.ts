// How a TypeScript program uses @calibrate/types: CI compiles this file against the built package
// (clients/typescript/README.md), so it breaks when a regeneration changes what it relies on.
import { CalibrateApi, Configuration, ResponseError } from '@calibrate/types';
import type { CalibrateEvent, PriceChangeApproved } from '@calibrate/types/events';
import type { PageInfo, Product, QueryProductsArgs } from '@calibrate/types/graphql';

/** A client that sends a tenant API token (as a bearer token) with every call. */
export function connect(baseUrl: string, token: string): CalibrateApi {
    return new CalibrateApi(new Configuration({ basePath: baseUrl, accessToken: token }));
}

/** Approves the change whose preview the caller has seen; a stale preview is a problem+json 409. */
export async function approve(calibrate: CalibrateApi, priceChangeId: string, previewHash: string): Promise<string> {
    try {
        const status = await calibrate.approvePriceChange({
            id: priceChangeId,
            priceChangeApproval: { previewHash },
        });
        return `${status.id} is ${status.state}`;
    } catch (error) {
        if (error instanceof ResponseError) {
            const problem: { title?: string; detail?: string } = await error.response.json();
            return `refused (${error.response.status}): ${problem.detail ?? problem.title}`;
        }
        throw error;
    }
}

/** One line of an audit trail: the switch on `type` gives each branch its event's payload type. */
export function describe(event: CalibrateEvent): string {
    switch (event.type) {
        case 'PriceChangeApproved':
            return approvedBy(event.payload);
        case 'ProductPriceChanged':
            return `${event.payload.productId}: ${event.payload.oldPrice.amount} → ${event.payload.newPrice.amount}`
                + ` ${event.payload.newPrice.currency}`;
        default:
            return event.type;
    }
}

function approvedBy(approved: PriceChangeApproved): string {
    const approver = typeof approved.approver === 'string' ? approved.approver : approved.approver.subject;
    return `approved by ${approver} at ${approved.at}`;
}

/** A page of SKUs from the GraphQL read API, typed by what the document selects. */
export async function skus(baseUrl: string, token: string, args: QueryProductsArgs):
        Promise<{ skus: string[]; next: string | null }> {
    type Answer = { data: { products: { nodes: Array<Pick<Product, 'sku'>>; pageInfo: Pick<PageInfo, 'endCursor'> } } };
    const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
            query: 'query($first: Int, $after: String) { products(first: $first, after: $after) { nodes { sku } pageInfo { endCursor } } }',
            variables: args,
        }),
    });
    const answer = (await response.json()) as Answer;
    return { skus: answer.data.products.nodes.map((product) => product.sku), next: answer.data.products.pageInfo.endCursor };
}
