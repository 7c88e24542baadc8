/* eslint-disable */
// Generated from the GraphQL schema (schemas/graphql/calibrate.graphqls) by the clients module's
// TypeScriptClientTest: do not edit. Each object type with every field; a query selects a subset,
// e.g. Pick<Product, 'sku' | 'title'>.

export interface ChannelSync {
  channel: string;
  pending: number;
  synced: number;
  failed: number;
  superseded: number;
}

/**
 * A competitor's latest price for the product: fresh when observed within 24 hours; competing when also in
 * stock, which is what pricing rules and the price position use.
 */
export interface CompetitorPrice {
  competitorId: string;
  name: string;
  domain: string;
  price: Money;
  observedAt: string;
  ageSeconds: number;
  fresh: boolean;
  inStock: boolean;
  competing: boolean;
  url: string | null;
}

export interface Money {
  amount: string;
  currency: string;
}

/**
 * Relay's page information: cursors are opaque, and belong to the tenant and the list that gave them.
 */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * A price in one currency now, where it came from (a price change, an import, a channel) and since when.
 */
export interface Price {
  currency: string;
  amount: string;
  compareAt: string | null;
  source: string;
  since: string;
}

/**
 * A price change: a pricing rule over part of the catalog, drafted, previewed, approved and applied (docs/api.md).
 * Its rule is left out here; REST's GET /api/v1/price-changes/{id} answers it.
 */
export interface PriceChange {
  id: string;
  name: string;
  /**
   * DRAFT, PREVIEWED, SUBMITTED, APPROVED, SCHEDULED, APPLYING, APPLIED, ROLLING_BACK, ROLLED_BACK, REJECTED, CANCELLED, EXPIRED, FAILED or ABANDONED
   */
  state: string;
  note: string | null;
  author: string;
  lastEditor: string | null;
  approver: string | null;
  rejectedBy: string | null;
  rejectionReason: string | null;
  scheduleAt: string | null;
  expiresAt: string | null;
  /**
   * Outcomes of applying it: products whose price it set, and those skipped as conflicts.
   */
  applied: number | null;
  conflicts: number | null;
  /**
   * Outcomes of rolling it back.
   */
  rolledBack: number | null;
  rollbackConflicts: number | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  appliedAt: string | null;
  rolledBackAt: string | null;
  /**
   * Per channel Calibrate writes prices to (e.g. shopify), how many of its products are in each sync state.
   */
  channelSync: ChannelSync[];
}

export interface PriceChangeConnection {
  edges: PriceChangeEdge[];
  nodes: PriceChange[];
  pageInfo: PageInfo;
}

export interface PriceChangeEdge {
  cursor: string;
  node: PriceChange;
}

export interface PriceHistoryConnection {
  edges: PriceHistoryEdge[];
  nodes: PriceHistoryEntry[];
  pageInfo: PageInfo;
}

export interface PriceHistoryEdge {
  cursor: string;
  node: PriceHistoryEntry;
}

/**
 * A price the product had in one currency and the interval it held; the current one has no validTo.
 */
export interface PriceHistoryEntry {
  currency: string;
  amount: string;
  compareAt: string | null;
  source: string;
  validFrom: string;
  validTo: string | null;
}

export interface Product {
  id: string;
  sku: string;
  title: string;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  active: boolean;
  cost: Money | null;
  /**
   * The price in each currency now.
   */
  prices: Price[];
  /**
   * Every price the product had, by currency and then oldest first; currency narrows it to one.
   */
  priceHistory: PriceHistoryConnection;
  /**
   * Each competitor's latest price per currency (fresh within 24 hours). Scope competitors:read.
   */
  competitors: CompetitorPrice[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPriceHistoryArgs {
  currency?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface ProductConnection {
  edges: ProductEdge[];
  nodes: Product[];
  pageInfo: PageInfo;
}

export interface ProductEdge {
  cursor: string;
  node: Product;
}

/**
 * Calibrate's read API in GraphQL (docs/graphql.md): the tenant's catalog with prices, price history and
 * competitor prices, and its price changes with their outcomes and channel sync. Read-only: no mutations, no subscriptions. Every field answers for the tenant of the
 * bearer token; a field whose scope the token lacks answers null with a FORBIDDEN error at its path.
 * Money is a decimal string at the currency's scale ("19.99", "1200"); instants are ISO-8601 strings in UTC.
 */
export interface Query {
  /**
   * One product, or null when the tenant has none with this id. Scope catalog:read.
   */
  product: Product | null;
  /**
   * The tenant's products in SKU order (SKU, then id). Page forwards with first/after or backwards with
   * last/before (at most 250; default first 50). query matches part of the title or SKU, case-insensitive.
   * Scope catalog:read.
   */
  products: ProductConnection;
  /**
   * One price change, or null when the tenant has none with this id. Scope prices:write, prices:approve,
   * prices:apply or audit:read (any one, as REST).
   */
  priceChange: PriceChange | null;
  /**
   * The tenant's price changes, newest first (created, then id); state narrows it to one state (any case, e.g.
   * SUBMITTED). Page forwards with first/after (at most 250; default 50). Scopes as priceChange.
   */
  priceChanges: PriceChangeConnection;
}

export interface QueryProductArgs {
  id: string;
}

export interface QueryProductsArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  query?: string | null;
}

export interface QueryPriceChangeArgs {
  id: string;
}

export interface QueryPriceChangesArgs {
  first?: number | null;
  after?: string | null;
  state?: string | null;
}
