// How a TypeScript program uses @calibrate/types: CI compiles this file against the built package
// (clients/typescript/README.md), so it breaks when a regeneration changes what it relies on.
import { CalibrateApi, Configuration, ResponseError } from '@calibrate/types';
import type { CalibrateEvent, PriceChangeApproved } from '@calibrate/types/events';
import type { PageInfo, Product, QueryProductsArgs } from '@calibrate/types/graphql';
import { PriceHistoryDocument } from '@calibrate/types/graphql-operations';
import type {
    PriceHistoryQuery,
    PriceHistoryQueryVariables,
    ProductsPageQuery,
    TypedDocument,
} from '@calibrate/types/graphql-operations';

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

/** Posts a committed operation: its document carries the types of its answer and of its variables. */
export async function graphql<Result, Variables>(baseUrl: string, token: string,
        document: TypedDocument<Result, Variables>, variables: Variables): Promise<Result> {
    const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: document, variables }),
    });
    const answer = (await response.json()) as { data?: Result; errors?: Array<{ message: string }> };
    if (answer.errors?.length || !answer.data) {
        throw new Error(answer.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
    }
    return answer.data;
}

/** A product's USD prices over time, one line each: `history` is the alias the document gives priceHistory. */
export async function usdHistory(baseUrl: string, token: string, productId: string): Promise<string[]> {
    const data = await graphql(baseUrl, token, PriceHistoryDocument, { id: productId, currency: 'USD', first: 100 });
    if (data.product === null) {
        return [];
    }
    return data.product.history.nodes.map((entry) => `${data.product?.sku} ${entry.amount} ${entry.currency}`
        + ` from ${entry.validFrom}${entry.validTo === null ? '' : ` to ${entry.validTo}`}`);
}

// Compile-time checks that the generated types are the documents' selections: an answer of exactly the selected
// shape is one, and what the document does not select (or the schema cannot answer) does not type-check.
export const answered: PriceHistoryQuery = {
    product: {
        id: '7f3c2a9e-0000-4000-8000-000000000001',
        sku: 'MUG-1',
        title: 'Mug',
        history: {
            nodes: [{ currency: 'USD', amount: '19.99', compareAt: null, source: 'api', validFrom: '2026-11-01T10:00:00Z',
                validTo: null }],
            pageInfo: { hasNextPage: false, endCursor: null },
        },
    },
};
export const unknownProduct: PriceHistoryQuery = { product: null };
// @ts-expect-error PriceHistory selects no vendor, though Product has one
export const vendor = answered.product?.vendor;
// @ts-expect-error the field is priceHistory, but the document aliases it as history
export const unaliased = answered.product?.priceHistory;
// @ts-expect-error the product's id is a required variable
export const noId: PriceHistoryQueryVariables = { currency: 'USD' };
// @ts-expect-error a ProductsPage node is a Product, and says so
export const typename: ProductsPageQuery['catalog']['edges'][number]['node']['__typename'] = 'PriceChange';
