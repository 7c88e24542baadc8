/* eslint-disable */
// Generated from the GraphQL schema (schemas/graphql/calibrate.graphqls) by the clients module's
// TypeScriptClientTest: do not edit. Each object type with every field; a query selects a subset,
// e.g. Pick<Product, 'sku' | 'title'>.

/**
 * Is the connection usable, and when calls to the Selling Partner API last worked (as this node saw them).
 */
export interface AmazonApiHealth {
  status: string;
  credentialsValid: boolean;
  reason: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailure: string | null;
  /**
   * CLOSED, OPEN, HALF_OPEN, DISABLED, FORCED_OPEN or METRICS_ONLY
   */
  circuitBreaker: string;
}

/**
 * The connected seller account, without its credentials.
 */
export interface AmazonConnectedAccount {
  sellerId: string;
  /**
   * na, eu or fe
   */
  region: string;
  marketplaceIds: string[];
  status: string;
  statusReason: string | null;
  connectedAt: string;
  readOnly: boolean;
}

/**
 * REST's GET /api/v1/connectors/amazon/status: the seller account (read only), API health and last sync.
 */
export interface AmazonStatus {
  connection: AmazonConnectedAccount;
  readOnly: boolean;
  readOnlyStatement: string;
  health: AmazonApiHealth;
  sync: AmazonSync;
}

/**
 * The last (or running) listings sync; before the first one only state, as NEVER.
 */
export interface AmazonSync {
  /**
   * NEVER, QUEUED, RUNNING, COMPLETED or FAILED
   */
  state: string;
  requestedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  pages: number | null;
  listingsSeen: number | null;
  productsUpserted: number | null;
  created: number | null;
  updated: number | null;
  unchanged: number | null;
  removed: number | null;
  warnings: string[] | null;
  error: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
}

/**
 * One domain event of the tenant: what happened to which entity, who caused it, when.
 */
export interface AuditEntry {
  eventId: string;
  /**
   * The event's global position in the event store.
   */
  position: string;
  /**
   * e.g. product, price-change, tenant
   */
  entityType: string;
  entityId: string;
  /**
   * The event's type, e.g. ProductPriceChanged.
   */
  action: string;
  actor: string | null;
  correlationId: string | null;
  requestId: string | null;
  /**
   * For a price a price change set: how it was computed.
   */
  explain: unknown | null;
  at: string;
}

export interface AuditEntryConnection {
  edges: AuditEntryEdge[];
  nodes: AuditEntry[];
  pageInfo: PageInfo;
}

export interface AuditEntryEdge {
  cursor: string;
  node: AuditEntry;
}

/**
 * A product's brand floors in one currency, each at the currency's scale or null. Which holds at an instant: the
 * LRP, else a PMAP whose window holds it, else the MAP; with the policy's enforceMap, no price is set below it.
 */
export interface BrandFloors {
  currency: string;
  map: string | null;
  pmap: string | null;
  pmapFrom: string | null;
  pmapUntil: string | null;
  lrp: string | null;
}

/**
 * What one channel made of the price.
 */
export interface ChannelConfirmation {
  channel: string;
  /**
   * PENDING, SYNCED, FAILED, SUPERSEDED or NOT_SYNCED (a read-only channel such as Amazon)
   */
  state: string;
  /**
   * The channel's identifiers of the product, e.g. Shopify's variantId.
   */
  refs: ChannelRef[];
  /**
   * When the channel's answer was recorded.
   */
  at: string | null;
  eventId: string | null;
  position: string | null;
  reason: string | null;
  errors: ChannelError[];
}

/**
 * An error a channel answered, as it answered it.
 */
export interface ChannelError {
  code: string | null;
  field: string | null;
  message: string | null;
}

export interface ChannelRef {
  name: string;
  value: string;
}

export interface ChannelSync {
  channel: string;
  pending: number;
  synced: number;
  failed: number;
  superseded: number;
}

/**
 * A competitor the tenant registered.
 */
export interface Competitor {
  id: string;
  name: string;
  domain: string;
  registeredAt: string;
}

export interface CompetitorConnection {
  edges: CompetitorEdge[];
  nodes: Competitor[];
  pageInfo: PageInfo;
}

export interface CompetitorEdge {
  cursor: string;
  node: Competitor;
}

/**
 * A competitor price a step used, and how old it was when the price was set (an ISO-8601 duration).
 */
export interface CompetitorInput {
  source: string;
  price: string;
  currency: string;
  observedAt: string;
  ageAtPrice: string;
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

/**
 * The tenant's connectors, each as its REST status answers it; null when the tenant has not connected it. Scope
 * connectors:admin or catalog:read (any one, as REST), per connector.
 */
export interface ConnectorStatus {
  shopify: ShopifyStatus | null;
  amazon: AmazonStatus | null;
}

/**
 * A product's latest drift at a channel: the channel showed actual where Calibrate set expected.
 */
export interface Drift {
  productId: string;
  channel: string;
  sku: string;
  currency: string;
  expected: string;
  actual: string;
  actualCompareAt: string | null;
  /**
   * OPEN, REPAIRING (the expected price is being sent again), ACCEPTED or REPAIRED
   */
  state: string;
  detectedAt: string;
  /**
   * When it was accepted or repaired.
   */
  resolvedAt: string | null;
}

export interface DriftConnection {
  edges: DriftEdge[];
  nodes: Drift[];
  pageInfo: PageInfo;
}

export interface DriftEdge {
  cursor: string;
  node: Drift;
}

/**
 * An item's inputs: its cost, MAP, and the competitor prices its steps used.
 */
export interface ExplainInputs {
  cost: string | null;
  /**
   * The currency of a cost in another one than the rule's (never converted).
   */
  costElsewhere: string | null;
  map: string | null;
  competitors: CompetitorInput[];
}

export interface Money {
  amount: string;
  currency: string;
}

/**
 * A channel shows actual where Calibrate set expected.
 */
export interface OpenDrift {
  channel: string;
  expected: string;
  actual: string;
  actualCompareAt: string | null;
  repairRequested: boolean;
  detectedAt: string;
  eventId: string;
  position: string;
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
 * The price before, and what set it.
 */
export interface PreviousPrice {
  amount: string;
  compareAt: string | null;
  /**
   * OBSERVED, PRICE_CHANGE_APPLY or PRICE_CHANGE_ROLLBACK
   */
  origin: string;
  setBy: PriceEvent;
  source: string | null;
  priceChangeId: string | null;
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
  /**
   * The change's items (a product in a currency: its current and proposed price, what became of it), in preview
   * order: REST's GET /api/v1/price-changes/{id}/items. status narrows to one preview status (CHANGE, NO_CHANGE,
   * BLOCKED or SKIPPED, as written), outcome to one outcome, channelState to the items showing that sync state for
   * at least one channel (both any case), anomalous to the items the preview flagged. Page forwards with
   * first/after or backwards with last/before (at most 250; default first 50). Scopes as priceChange.
   */
  items: PriceChangeItemConnection;
}

export interface PriceChangeItemsArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  status?: string | null;
  outcome?: string | null;
  channelState?: string | null;
  anomalous?: boolean | null;
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

/**
 * One item of a price change: what the preview proposed for a product in one currency, and what became of it
 * (outcome: the preview status until a run decides, then the run's outcome).
 */
export interface PriceChangeItem {
  productId: string;
  sku: string;
  currency: string;
  /**
   * CHANGE, NO_CHANGE, BLOCKED or SKIPPED
   */
  status: string;
  /**
   * PENDING, APPLIED, CONFLICT, FAILED, BLOCKED, SKIPPED, NO_CHANGE, ROLLED_BACK or ROLLBACK_CONFLICT
   */
  outcome: string;
  currentPrice: Money | null;
  proposedPrice: Money | null;
  delta: Money | null;
  /**
   * The proposed change in percent, e.g. "-10.00".
   */
  deltaPercent: string | null;
  currentCompareAt: Money | null;
  proposedCompareAt: Money | null;
  /**
   * Why the item is blocked or skipped, or what a guardrail did.
   */
  reasons: string[];
  /**
   * Why the run skipped it (a conflict's new price, a failure).
   */
  outcomeReason: string | null;
  /**
   * How the rule arrived at the proposed price: the selectors that matched, each step, the guardrails checked.
   */
  explain: unknown | null;
  /**
   * Per channel the product is linked to, once the item set a price: what the channel made of it.
   */
  channels: PriceChangeItemChannel[];
  /**
   * What is unusual about the proposed price (a move unlike the product's recent ones, a price below cost).
   */
  anomalies: PriceChangeItemAnomaly[];
}

export interface PriceChangeItemAnomaly {
  /**
   * price_move, below_cost or above_average
   */
  kind: string;
  /**
   * critical, high or medium
   */
  severity: string;
  reason: string;
  /**
   * The modified z-score of a price move; null for the other kinds.
   */
  score: number | null;
}

export interface PriceChangeItemChannel {
  channel: string;
  /**
   * PENDING, SYNCED, FAILED, SUPERSEDED or NOT_SYNCED (a read-only channel such as Amazon)
   */
  state: string;
  reason: string | null;
  errors: ChannelError[];
}

export interface PriceChangeItemConnection {
  edges: PriceChangeItemEdge[];
  nodes: PriceChangeItem[];
  pageInfo: PageInfo;
}

export interface PriceChangeItemEdge {
  cursor: string;
  node: PriceChangeItem;
}

/**
 * The price change behind a price: its definition and approval, the run that set the price, the item's explain.
 */
export interface PriceChangeProvenance {
  id: string;
  /**
   * APPLY or ROLLBACK
   */
  action: string;
  name: string | null;
  state: string | null;
  /**
   * The pricing rule the approval covered, as stored (a rule cannot change once submitted).
   */
  rule: unknown | null;
  /**
   * The saved rule version the change took its rule from; null for a rule written into the change.
   */
  ruleRef: SavedRuleUsed | null;
  previewHash: string | null;
  author: string | null;
  approver: string | null;
  /**
   * The approver's subject (an e-mail): only for audit:read or a prices scope, else null.
   */
  approverSubject: string | null;
  selfApproved: boolean | null;
  approvedAt: string | null;
  run: PriceChangeRun | null;
  /**
   * How the price was computed: the conditions matched, each step with its input, output and detail, the guardrails.
   */
  explain: unknown | null;
  /**
   * The item's own inputs to the rule; null for a rollback.
   */
  inputs: ExplainInputs | null;
}

/**
 * The run that set the price: the change's apply or rollback.
 */
export interface PriceChangeRun {
  /**
   * APPLY or ROLLBACK
   */
  kind: string;
  startedAt: string | null;
  finishedAt: string | null;
  written: number | null;
  conflicts: number | null;
}

/**
 * An event of the product's stream: what it was, where it stands in the event store, who caused it.
 */
export interface PriceEvent {
  type: string;
  eventId: string;
  /**
   * The event's global position in the event store.
   */
  position: string;
  /**
   * The event's sequence number in the product's stream.
   */
  sequence: number;
  time: string;
  actor: string | null;
  correlationId: string | null;
  requestId: string | null;
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

/**
 * What observed a price: the ingest run, webhook or API request (correlationId), and the API request (requestId).
 */
export interface PriceIngest {
  source: string;
  actor: string | null;
  correlationId: string | null;
  requestId: string | null;
}

/**
 * Our price against the lowest, median and highest competing (fresh, in-stock) price in the currency; each
 * competitor's latest observation counts once. lowest, median, highest and priceIndex are null without a competing
 * price. priceIndex is our price as a percentage of the median ("102.35").
 */
export interface PricePosition {
  productId: string;
  sku: string;
  title: string;
  currency: string;
  ourPrice: string;
  lowest: string | null;
  median: string | null;
  highest: string | null;
  /**
   * How many competitors' prices count.
   */
  competitors: number;
  priceIndex: string | null;
  /**
   * CHEAPEST, IN_BAND, MOST_EXPENSIVE or NO_DATA
   */
  position: string;
}

export interface PricePositionConnection {
  edges: PricePositionEdge[];
  nodes: PricePosition[];
  pageInfo: PageInfo;
  /**
   * The currency the positions are in: the one asked for, or the tenant's default.
   */
  currency: string;
  maxAgeHours: number;
  /**
   * The instant freshness is measured from.
   */
  asOf: string;
  /**
   * How many of every product the filters select hold each position (not just this page). Costs 10.
   */
  summary: PricePositionSummary;
}

export interface PricePositionEdge {
  cursor: string;
  node: PricePosition;
}

export interface PricePositionSummary {
  cheapest: number;
  inBand: number;
  mostExpensive: number;
  noData: number;
  /**
   * Every product selected.
   */
  total: number;
}

/**
 * Why a product has its price in one currency, live or at an instant: the event that set it and everything behind
 * that event (the price change and its approval, or the source and ingest that observed it), what each channel made
 * of it, any open drift, and the price before.
 */
export interface PriceProvenance {
  productId: string;
  currency: string;
  /**
   * The instant asked for; null for the live price.
   */
  at: string | null;
  amount: string;
  compareAt: string | null;
  /**
   * OBSERVED (at a channel or through the API), PRICE_CHANGE_APPLY or PRICE_CHANGE_ROLLBACK
   */
  origin: string;
  setBy: PriceEvent;
  /**
   * Where an observed price was seen: a channel (shopify, amazon) or api.
   */
  source: string | null;
  /**
   * The ingest, webhook or API request that observed the price.
   */
  ingest: PriceIngest | null;
  /**
   * The price change whose run set the price.
   */
  priceChange: PriceChangeProvenance | null;
  /**
   * For a price a price change set: per channel the product is linked to, what the channel made of it.
   */
  channels: ChannelConfirmation[];
  /**
   * Drifts open at the instant in this currency: a channel showing another price than Calibrate's.
   */
  openDrifts: OpenDrift[];
  /**
   * The price this one replaced; null for the first price, or when it lies beyond the events read.
   */
  previous: PreviousPrice | null;
  /**
   * false when the read stopped before the product's first event (at most 5,000 events are read, newest first).
   */
  historyComplete: boolean;
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
   * Every price the product had, by currency and then oldest first; currency narrows it to one. Page forwards
   * with first/after or backwards with last/before (at most 250; default first 50).
   */
  priceHistory: PriceHistoryConnection;
  /**
   * The brand's price floors per currency, by currency (MAP, a promotional MAP in force over [pmapFrom, pmapUntil),
   * LRP), as REST's GET /api/v1/products/{id} answers them; empty when the product has none, null (with an
   * error) when they could not be read in time.
   */
  brandFloors: BrandFloors[] | null;
  /**
   * Each competitor's latest price per currency (fresh within 24 hours). Scope competitors:read.
   */
  competitors: CompetitorPrice[] | null;
  /**
   * Why the price in currency is what it is, live or at the instant at: as Query.priceProvenance. Costs 50.
   */
  provenance: PriceProvenance | null;
  /**
   * Where the price in currency (default the tenant's) stands among the competitors' fresh (within maxAgeHours,
   * default 24) in-stock prices, as Query.pricePosition; null when the product is inactive or has no price in
   * the currency. Scope competitors:read.
   */
  pricePosition: PricePosition | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPriceHistoryArgs {
  currency?: string | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface ProductProvenanceArgs {
  currency: string;
  at?: string | null;
}

export interface ProductPricePositionArgs {
  currency?: string | null;
  maxAgeHours?: number | null;
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
 * competitor prices, its price changes with their items, outcomes and channel sync, its drifts and its audit log,
 * its competitors, where its prices stand among theirs, and the status of its connectors. Read-only: no mutations, no subscriptions. Every field answers for the tenant of the
 * bearer token; a field whose scope the token lacks answers null with a FORBIDDEN error at its path.
 * Money is a decimal string at the currency's scale ("19.99", "1200"); instants are ISO-8601 strings in UTC.
 * Event store positions are decimal strings too (they outgrow GraphQL's 32-bit Int).
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
   * SUBMITTED). Page forwards with first/after or backwards with last/before (at most 250; default first 50).
   * Scopes as priceChange.
   */
  priceChanges: PriceChangeConnection;
  /**
   * Why a product's price in currency is what it is: the live price, or the price at the instant at (ISO-8601).
   * REST's GET /api/v1/products/{id}/provenance in GraphQL. Null with a NOT_FOUND error when the tenant has no
   * such product, or it had no price in the currency then; OVER_BUDGET when the price was set further back than
   * the 5,000 events a provenance reads. Scope catalog:read or audit:read. Costs 50: it reads the product's events.
   */
  priceProvenance: PriceProvenance | null;
  /**
   * The tenant's audit log, newest first (by the event's position in the event store): one entry per domain event,
   * as REST's GET /api/v1/audit, with its filters: entityType (e.g. product, price-change, tenant), entityId (a
   * product's or price change's id), actor, from (written at or after this ISO-8601 instant) and to (before it);
   * they combine. Page forwards with first/after or backwards with last/before (at most 250; default first 50).
   * Scope audit:read.
   */
  auditEntries: AuditEntryConnection;
  /**
   * Products whose price at channel (one Calibrate writes prices to: shopify) is not the one Calibrate set, newest
   * first (detected, then product id), as REST's GET /api/v1/connectors/{channel}/drift. state is one or more of
   * OPEN, REPAIRING, ACCEPTED, REPAIRED, comma separated, any case; the unresolved ones (OPEN, REPAIRING) when
   * not given. Page forwards with first/after or backwards with last/before (at most 250; default first 50).
   * Scope catalog:read, connectors:admin or audit:read (any one, as REST).
   */
  drifts: DriftConnection;
  /**
   * The tenant's registered competitors by name (then domain), as REST's GET /api/v1/competitors. Page forwards
   * with first/after or backwards with last/before (at most 250; default first 50). Scope competitors:read.
   */
  competitors: CompetitorConnection;
  /**
   * Where our prices stand among the competitors': per active product with a price in currency (default the
   * tenant's), the lowest, median and highest fresh in-stock competitor price, the index and the position, in SKU
   * order; REST's GET /api/v1/analytics/price-position. tag and vendor narrow the products (as REST); maxAgeHours
   * (1 to 8760, default 24) is how old a competitor price may be and still count. The connection's summary counts
   * every selected product, not just the page (it costs 10). Page forwards with first/after or backwards with
   * last/before (at most 250; default first 50). Scope competitors:read.
   */
  pricePosition: PricePositionConnection;
  /**
   * The tenant's connectors: what REST's GET /api/v1/connectors/{shopify,amazon}/status answer, never a secret.
   */
  connectors: ConnectorStatus;
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
  last?: number | null;
  before?: string | null;
  state?: string | null;
}

export interface QueryPriceProvenanceArgs {
  productId: string;
  currency: string;
  at?: string | null;
}

export interface QueryAuditEntriesArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  actor?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface QueryDriftsArgs {
  channel: string;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  state?: string | null;
}

export interface QueryCompetitorsArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface QueryPricePositionArgs {
  currency?: string | null;
  tag?: string | null;
  vendor?: string | null;
  maxAgeHours?: number | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A saved rule's version a price change used, with the name that version had.
 */
export interface SavedRuleUsed {
  id: string;
  name: string | null;
  version: number;
}

/**
 * What this server saw of its calls to the shop (each node keeps its own).
 */
export interface ShopifyApiHealth {
  tokenValid: boolean;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailure: string | null;
  /**
   * CLOSED, OPEN, HALF_OPEN, DISABLED, FORCED_OPEN or METRICS_ONLY
   */
  circuitBreaker: string;
  /**
   * Null until Shopify answered a call with its throttle status.
   */
  costBucket: ShopifyCostBucket | null;
}

/**
 * The connected shop, without its secrets.
 */
export interface ShopifyConnectedShop {
  shop: string;
  shopName: string | null;
  currency: string | null;
  /**
   * CUSTOM_APP or OAUTH
   */
  kind: string;
  status: string;
  statusReason: string | null;
  /**
   * The webhook topics Calibrate subscribed to.
   */
  webhooks: string[];
  connectedAt: string;
}

export interface ShopifyCostBucket {
  available: number;
  maximum: number;
  restoreRatePerSecond: number;
  headroomPercent: number | null;
  reportedAt: string;
}

/**
 * Prices on their way to Shopify.
 */
export interface ShopifyDeliveries {
  pending: number;
  failed: number;
  oldestPendingSince: string | null;
  oldestPendingAgeSeconds: number;
  lastSyncedAt: string | null;
  outcomesToRecord: number;
}

/**
 * REST's GET /api/v1/connectors/shopify/status: the connected shop, API health, last sync and deliveries.
 */
export interface ShopifyStatus {
  connection: ShopifyConnectedShop;
  api: ShopifyApiHealth;
  sync: ShopifySync;
  deliveries: ShopifyDeliveries;
}

/**
 * The last (or running) catalog sync; before the first one only state, as NEVER.
 */
export interface ShopifySync {
  /**
   * NEVER, QUEUED, RUNNING, COMPLETED or FAILED
   */
  state: string;
  /**
   * auto, paged or bulk
   */
  mode: string | null;
  requestedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  products: number | null;
  variants: number | null;
  created: number | null;
  updated: number | null;
  unchanged: number | null;
  deactivated: number | null;
  warnings: string[] | null;
  error: string | null;
}
