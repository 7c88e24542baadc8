/*
 * Calibrate's event payloads, generated from the events' JSON Schemas
 * (schemas/src/main/resources/schemas/events) by the clients module's test. Do not edit:
 * regenerate (clients/typescript/README.md).
 */

/**
 * An API token was issued to a tenant. The secret is never in the event.
 *
 * Schema: https://calibrate.dev/schemas/events/ApiTokenIssued/1.4.0
 */
export interface ApiTokenIssued {
  tenantId: string;
  tokenId: string;
  name: string;
  scopes: Array<"catalog:read" | "catalog:write" | "prices:write" | "prices:approve" | "prices:apply" | "audit:read" | "connectors:admin" | "competitors:read" | "competitors:write" | "copilot:query" | "events:read" | "webhooks:admin" | "admin">;
  expiresAt?: string;
  /** the person the token belongs to (added in 1.1.0) */
  subject?: string;
}

/**
 * An API token was revoked; it stops working at once.
 *
 * Schema: https://calibrate.dev/schemas/events/ApiTokenRevoked/1.0.0
 */
export interface ApiTokenRevoked {
  tenantId: string;
  tokenId: string;
}

/**
 * A tenant connected a sales channel account (for Shopify the shop domain) whose prices are in currency.
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelConnected/1.0.0
 */
export interface ChannelConnected {
  tenantId: string;
  channel: string;
  account: string;
  currency: string;
}

/**
 * A channel connection ended: the tenant disconnected it, or the channel said the app was uninstalled (reason).
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelDisconnected/1.0.0
 */
export interface ChannelDisconnected {
  tenantId: string;
  channel: string;
  account: string;
  reason?: string;
}

/**
 * The channel shows actual where Calibrate set expected (and the channel had confirmed or refused it): the product keeps expected until the drift is accepted or repaired.
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelPriceDriftDetected/1.0.0
 */
export interface ChannelPriceDriftDetected {
  productId: string;
  tenantId: string;
  channel: string;
  expected: {
    amount: string;
    currency: string;
  };
  actual: {
    amount: string;
    currency: string;
  };
  actualCompareAt?: {
    amount: string;
    currency: string;
  };
}

/**
 * A drift ended: ACCEPTED adopted the channel's price, REPAIRED means the channel shows Calibrate's price (price) again.
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelPriceDriftResolved/1.0.0
 */
export interface ChannelPriceDriftResolved {
  productId: string;
  tenantId: string;
  channel: string;
  resolution: "ACCEPTED" | "REPAIRED";
  price: {
    amount: string;
    currency: string;
  };
}

/**
 * The connector should send price (and compareAt) to the channel again, over a drifted price; priceChangeId names the change that set it, absent when none did.
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelPriceRepairRequested/1.0.0
 */
export interface ChannelPriceRepairRequested {
  productId: string;
  tenantId: string;
  channel: string;
  priceChangeId?: string;
  price: {
    amount: string;
    currency: string;
  };
  compareAt?: {
    amount: string;
    currency: string;
  };
}

/**
 * The channel refused the price, or could not be reached after every retry: reason says why, errors lists what the channel answered (Shopify's userErrors).
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelPriceSyncFailed/1.0.0
 */
export interface ChannelPriceSyncFailed {
  productId: string;
  tenantId: string;
  channel: string;
  priceChangeId?: string;
  action?: "APPLY" | "ROLLBACK";
  price: {
    amount: string;
    currency: string;
  };
  reason?: string;
  errors: Array<{
    code?: string;
    field?: string;
    message?: string;
  }>;
}

/**
 * A newer intended price for the product replaced this one before it was sent to the channel; it never will be.
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelPriceSyncSuperseded/1.0.0
 */
export interface ChannelPriceSyncSuperseded {
  productId: string;
  tenantId: string;
  channel: string;
  priceChangeId?: string;
  action?: "APPLY" | "ROLLBACK";
  price: {
    amount: string;
    currency: string;
  };
}

/**
 * The channel holds the price that price change priceChangeId set (APPLY), restored (ROLLBACK), or that a drift repair re-sent; priceChangeId is absent when no price change had set the re-sent price.
 *
 * Schema: https://calibrate.dev/schemas/events/ChannelPriceSynced/1.0.0
 */
export interface ChannelPriceSynced {
  productId: string;
  tenantId: string;
  channel: string;
  priceChangeId?: string;
  action?: "APPLY" | "ROLLBACK";
  price: {
    amount: string;
    currency: string;
  };
  compareAt?: {
    amount: string;
    currency: string;
  };
}

/**
 * One part (at most 1,000) of a batch's accepted competitor price observations. inStock false: the competitor could not sell at that price.
 *
 * Schema: https://calibrate.dev/schemas/events/CompetitorPricesObserved/1.0.0
 */
export interface CompetitorPricesObserved {
  batchId: string;
  competitorId: string;
  tenantId: string;
  part: number;
  observations: Array<{
    index: number;
    productId: string;
    sku: string;
    price: {
      amount: string;
      currency: string;
    };
    observedAt: string;
    url?: string;
    inStock: boolean;
  }>;
}

/**
 * A tenant started watching a competitor, identified by its web domain (unique per tenant).
 *
 * Schema: https://calibrate.dev/schemas/events/CompetitorRegistered/1.0.0
 */
export interface CompetitorRegistered {
  competitorId: string;
  tenantId: string;
  name: string;
  domain: string;
}

/**
 * The copilot answered a question: the SQL that ran (as the guard printed it) and its SHA-256, the copilot views it read, how many rows it answered and whether more matched, how long it took, and what translated the question (model: null for the embedded translator). Never the rows.
 *
 * Schema: https://calibrate.dev/schemas/events/CopilotQueryAnswered/1.0.0
 */
export interface CopilotQueryAnswered {
  queryId: string;
  tenantId: string;
  question: string;
  sql: string;
  sqlHash: string;
  views: Array<string>;
  rowCount: number;
  truncated: boolean;
  durationMs: number;
  translator: string;
  model?: string | null;
}

/**
 * The copilot refused a question: the rule that refused it (no-translation, a guard rule, timeout or database) and why, the SQL the translator wrote and its SHA-256 (absent when it wrote none), how long it took, and what translated the question.
 *
 * Schema: https://calibrate.dev/schemas/events/CopilotQueryRefused/1.0.0
 */
export interface CopilotQueryRefused {
  queryId: string;
  tenantId: string;
  question: string;
  sql?: string | null;
  sqlHash?: string | null;
  rule: string;
  reason: string;
  durationMs: number;
  translator: string;
  model?: string | null;
}

/**
 * A batch of competitor prices was posted: how many items came and were accepted, in how many CompetitorPricesObserved parts the accepted ones follow, and which items were rejected and why.
 *
 * Schema: https://calibrate.dev/schemas/events/ObservationBatchRecorded/1.0.0
 */
export interface ObservationBatchRecorded {
  batchId: string;
  competitorId: string;
  tenantId: string;
  submitted: number;
  accepted: number;
  parts: number;
  rejected: Array<{
    index: number;
    field: string;
    reason: string;
  }>;
}

/**
 * Every item of a price change was applied or skipped as a conflict; expiresAt is when it rolls back, if ever.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeApplied/1.0.0
 */
export interface PriceChangeApplied {
  id: string;
  tenantId: string;
  applied: number;
  conflicts: number;
  expiresAt?: string;
  at: string;
}

/**
 * An approved price change started applying to its products.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeApplyStarted/1.1.0
 */
export interface PriceChangeApplyStarted {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  at: string;
}

/**
 * A submitted price change was approved, bound to the preview with this hash; selfApproved when the approver is the author (the same token, or a token of the same subject), which only the tenant's self-approval policy allows.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeApproved/1.1.0
 */
export interface PriceChangeApproved {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  approver: string | {
    id: string;
    subject: string;
  };
  /** SHA-256 of the preview's items, lowercase hex */
  previewHash: string;
  /** added in 1.1.0; absent in earlier events, which read as false */
  selfApproved?: boolean;
  at: string;
}

/**
 * A price change was cancelled before it was applied.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeCancelled/1.1.0
 */
export interface PriceChangeCancelled {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  at: string;
}

/**
 * A price change was drafted: its name, rule, optional schedule and expiry, and note.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeDrafted/1.2.0
 */
export interface PriceChangeDrafted {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  author: string | {
    id: string;
    subject: string;
  };
  definition: {
    name: string;
    /** the rules DSL, valid against https://calibrate.dev/schemas/requests/PricingRule/1.1.0 */
    rule: { [key: string]: unknown };
    scheduleAt?: string;
    expiresAt?: string;
    note?: string;
    /** the saved rule version the rule was taken from; absent when the rule was written into the change (added in 1.2.0) */
    ruleRef?: {
      id: string;
      version: number;
      /** who saved that version: for four eyes, one of the change's authors */
      savedBy: string | {
        id: string;
        subject: string;
      };
    };
  };
  at: string;
}

/**
 * A price change's definition was replaced; any preview of it is void and it is a draft again.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeEdited/1.2.0
 */
export interface PriceChangeEdited {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  editor: string | {
    id: string;
    subject: string;
  };
  definition: {
    name: string;
    /** the rules DSL, valid against https://calibrate.dev/schemas/requests/PricingRule/1.1.0 */
    rule: { [key: string]: unknown };
    scheduleAt?: string;
    expiresAt?: string;
    note?: string;
    /** the saved rule version the rule was taken from; absent when the rule was written into the change (added in 1.2.0) */
    ruleRef?: {
      id: string;
      version: number;
      /** who saved that version: for four eyes, one of the change's authors */
      savedBy: string | {
        id: string;
        subject: string;
      };
    };
  };
  at: string;
}

/**
 * The first of the two approvals a price change over an approval threshold needs, bound to the preview with this hash; the change stays SUBMITTED until another person than its author and this approver approves it.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeFirstApproved/1.0.0
 */
export interface PriceChangeFirstApproved {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  approver: string | {
    id: string;
    subject: string;
  };
  /** SHA-256 of the preview's items, lowercase hex */
  previewHash: string;
  at: string;
}

/**
 * Items of a price change's current preview were excluded or overridden before approval: the edits, the hash they started from and the preview's new hash and summary. The change is PREVIEWED again.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangePreviewEdited/1.0.0
 */
export interface PriceChangePreviewEdited {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  edits: Array<{
    productId: string;
    sku: string;
    action: "EXCLUDE" | "OVERRIDE";
    /** the proposed price before the edit; absent when the item had none */
    from?: string;
    /** the overriding price; absent for an exclusion */
    to?: string;
    currency: string;
    status: "CHANGE" | "NO_CHANGE" | "BLOCKED" | "SKIPPED";
    reason: string;
  }>;
  /** SHA-256 of the preview's items, lowercase hex */
  previousHash: string;
  /** SHA-256 of the preview's items, lowercase hex */
  previewHash: string;
  summary: {
    items: number;
    change: number;
    noChange: number;
    blocked: number;
    skipped: number;
    minDeltaPercent?: string;
    medianDeltaPercent?: string;
    maxDeltaPercent?: string;
    /** items whose proposed price is anomalous by the anomalies endpoint's rules (added in 1.2.0; absent before) */
    anomalous?: number;
  };
  /** How far the CHANGE items move prices once edited, for the approval thresholds: the largest decrease in percent of the current price and the sum of the absolute price differences. */
  size?: {
    largestDecreasePercent?: string;
    revenueImpact?: {
      amount: string;
      currency: string;
    };
  };
  /** What the policy in force at the edit asked beyond one approver for the edited preview; absent: nothing more. */
  approvalNeed?: {
    requires: "admin_or_two_approvers" | "admin" | "two_approvers";
    passed: Array<{
      threshold: string;
      limit: string;
      actual: string;
    }>;
  };
  at: string;
}

/**
 * A price change was previewed: the preview's content hash, which approval binds to, and its summary.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangePreviewed/1.3.0
 */
export interface PriceChangePreviewed {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  /** SHA-256 of the preview's items, lowercase hex */
  previewHash: string;
  summary: {
    items: number;
    change: number;
    noChange: number;
    blocked: number;
    skipped: number;
    minDeltaPercent?: string;
    medianDeltaPercent?: string;
    maxDeltaPercent?: string;
    /** items whose proposed price is anomalous by the anomalies endpoint's rules (added in 1.2.0; absent before) */
    anomalous?: number;
  };
  at: string;
  /** How far the CHANGE items move prices, for the approval thresholds (added in 1.3.0; absent before): the largest decrease in percent of the current price and the sum of the absolute price differences. */
  size?: {
    largestDecreasePercent?: string;
    revenueImpact?: {
      amount: string;
      currency: string;
    };
  };
  /** What the policy in force at the preview asked beyond one approver (added in 1.3.0); absent: nothing more. */
  approvalNeed?: {
    requires: "admin_or_two_approvers" | "admin" | "two_approvers";
    passed: Array<{
      threshold: string;
      limit: string;
      actual: string;
    }>;
  };
}

/**
 * A submitted price change was rejected, with the reason.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeRejected/1.1.0
 */
export interface PriceChangeRejected {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  reason: string;
  at: string;
}

/**
 * An applied price change started rolling back: trigger EXPIRY when its expiresAt was reached, MANUAL when someone asked. 2.0.0 replaced the boolean expiry of 1.x with trigger.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeRollbackStarted/2.0.0
 */
export interface PriceChangeRollbackStarted {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  trigger: "MANUAL" | "EXPIRY";
  at: string;
}

/**
 * A price change finished rolling back (EXPIRED when its trigger was EXPIRY, ROLLED_BACK otherwise). 2.0.0 replaced the boolean expiry of 1.x with trigger.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeRolledBack/2.0.0
 */
export interface PriceChangeRolledBack {
  id: string;
  tenantId: string;
  rolledBack: number;
  conflicts: number;
  trigger: "MANUAL" | "EXPIRY";
  at: string;
}

/**
 * An admin gave the FAILED run up; the change is ABANDONED, with the items the run had written.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeRunAbandoned/1.0.0
 */
export interface PriceChangeRunAbandoned {
  id: string;
  tenantId: string;
  kind: "APPLY" | "ROLLBACK";
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  at: string;
}

/**
 * The apply or rollback run failed on every attempt; the change is FAILED until an admin retries or abandons it.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeRunFailed/1.0.0
 */
export interface PriceChangeRunFailed {
  id: string;
  tenantId: string;
  kind: "APPLY" | "ROLLBACK";
  attempts: number;
  reason: string;
  at: string;
}

/**
 * An admin started the FAILED run again; the change is APPLYING or ROLLING_BACK once more.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeRunRetried/1.0.0
 */
export interface PriceChangeRunRetried {
  id: string;
  tenantId: string;
  kind: "APPLY" | "ROLLBACK";
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  at: string;
}

/**
 * Apply was asked for before scheduleAt; the change starts applying then.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeScheduled/1.1.0
 */
export interface PriceChangeScheduled {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  scheduleAt: string;
  at: string;
}

/**
 * A previewed price change was submitted for approval.
 *
 * Schema: https://calibrate.dev/schemas/events/PriceChangeSubmitted/1.1.0
 */
export interface PriceChangeSubmitted {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  /** SHA-256 of the preview's items, lowercase hex */
  previewHash: string;
  at: string;
}

/**
 * The product's brand price floors in one currency were set (MAP, a promotional MAP over [pmapFrom, pmapUntil), LRP), replacing the ones it had there; floors null: they were cleared.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductBrandFloorsSet/1.0.0
 */
export interface ProductBrandFloorsSet {
  productId: string;
  tenantId: string;
  currency: string;
  floors?: null | {
    map?: null | {
      amount: string;
      currency: string;
    };
    pmap?: null | {
      amount: string;
      currency: string;
    };
    pmapFrom?: string | null;
    pmapUntil?: string | null;
    lrp?: null | {
      amount: string;
      currency: string;
    };
  };
}

/**
 * A product (one sellable SKU) was created.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductCreated/1.0.0
 */
export interface ProductCreated {
  productId: string;
  tenantId: string;
  sku: string;
  details: {
    title: string;
    vendor?: string;
    productType?: string;
    tags: Array<string>;
    cost?: {
      amount: string;
      currency: string;
    };
    channelRefs: { [key: string]: { [key: string]: string } };
  };
  active: boolean;
}

/**
 * A product was deactivated; its history is kept.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductDeactivated/1.0.0
 */
export interface ProductDeactivated {
  productId: string;
  tenantId: string;
}

/**
 * A product's descriptive fields changed; changedFields names them.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductDetailsChanged/1.0.0
 */
export interface ProductDetailsChanged {
  productId: string;
  tenantId: string;
  details: {
    title: string;
    vendor?: string;
    productType?: string;
    tags: Array<string>;
    cost?: {
      amount: string;
      currency: string;
    };
    channelRefs: { [key: string]: { [key: string]: string } };
  };
  changedFields: Array<"title" | "vendor" | "productType" | "tags" | "cost" | "channelRefs">;
}

/**
 * A price change (APPLY) or its rollback (ROLLBACK) left this product alone: its price was no longer the expected one.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductPriceChangeConflicted/1.0.0
 */
export interface ProductPriceChangeConflicted {
  productId: string;
  tenantId: string;
  priceChangeId: string;
  action: "APPLY" | "ROLLBACK";
  expectedPrice: {
    amount: string;
    currency: string;
  };
  actualPrice?: {
    amount: string;
    currency: string;
  };
  reason: string;
}

/**
 * A price set by a price change (action APPLY) or restored by its rollback (ROLLBACK), with the explain trace (always present on APPLY). The rule lives in the price change's own events; revision 1 (schema 1.x) also carried it here, and reads upcast without it.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductPriceChanged/2.0.0
 */
export interface ProductPriceChanged {
  productId: string;
  tenantId: string;
  priceChangeId: string;
  action: "APPLY" | "ROLLBACK";
  oldPrice: {
    amount: string;
    currency: string;
  };
  newPrice: {
    amount: string;
    currency: string;
  };
  oldCompareAt?: {
    amount: string;
    currency: string;
  };
  newCompareAt?: {
    amount: string;
    currency: string;
  };
  explain?: {
    matched: Array<string>;
    steps: Array<{
      op: string;
      input: string;
      output?: string;
      detail?: string;
    }>;
    guardrails: Array<{
      rule: string;
      result: "pass" | "fail" | "not_checked";
    }>;
  };
}

/**
 * A price was seen at a source (the API, a channel); not a price Calibrate set.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductPriceObserved/1.0.0
 */
export interface ProductPriceObserved {
  productId: string;
  tenantId: string;
  price: {
    amount: string;
    currency: string;
  };
  compareAt?: {
    amount: string;
    currency: string;
  };
  source: string;
}

/**
 * A deactivated product became active again.
 *
 * Schema: https://calibrate.dev/schemas/events/ProductReactivated/1.0.0
 */
export interface ProductReactivated {
  productId: string;
  tenantId: string;
}

/**
 * A named pricing rule was saved: its version 1. A new rule is disabled.
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleCreated/1.0.0
 */
export interface SavedRuleCreated {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  name: string;
  /** the rules DSL, valid against https://calibrate.dev/schemas/requests/PricingRule/1.0.0 */
  rule: { [key: string]: unknown };
  at: string;
}

/**
 * An admin disabled a saved rule; price changes that reference it keep their rule.
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleDisabled/1.0.0
 */
export interface SavedRuleDisabled {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  at: string;
}

/**
 * An admin enabled a saved rule.
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleEnabled/1.0.0
 */
export interface SavedRuleEnabled {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  at: string;
}

/**
 * A saved rule was edited: version (2 or more) is its name and rule from then on; the versions before stay.
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleRevised/1.0.0
 */
export interface SavedRuleRevised {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  version: number;
  name: string;
  /** the rules DSL, valid against https://calibrate.dev/schemas/requests/PricingRule/1.0.0 */
  rule: { [key: string]: unknown };
  at: string;
}

/**
 * An admin removed a saved rule's recurring schedule.
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleScheduleRemoved/1.0.0
 */
export interface SavedRuleScheduleRemoved {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  at: string;
}

/**
 * An admin gave a saved rule a recurring schedule (or a new one in place of the old): it drafts a price change at every instant of cron, read in the tenant's time zone.
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleScheduleSet/1.0.0
 */
export interface SavedRuleScheduleSet {
  id: string;
  tenantId: string;
  /** an API token id, admin or system; with the person the token belongs to, an object (added in 1.1.0) */
  by: string | {
    id: string;
    subject: string;
  };
  /** six fields, seconds first (Spring's cron) */
  cron: string;
  name?: string | null;
  at: string;
}

/**
 * The schedule's run of slot drafted (and previewed) priceChange from version of the rule; it waits for approval.
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleScheduledRunDrafted/1.0.0
 */
export interface SavedRuleScheduledRunDrafted {
  id: string;
  tenantId: string;
  slot: string;
  priceChange: string;
  version: number;
  at: string;
}

/**
 * The schedule's run of slot drafted nothing, for reason (the rule is disabled, the previous scheduled draft is still in flight, or the run failed).
 *
 * Schema: https://calibrate.dev/schemas/events/SavedRuleScheduledRunSkipped/1.0.0
 */
export interface SavedRuleScheduledRunSkipped {
  id: string;
  tenantId: string;
  slot: string;
  reason: string;
  at: string;
}

/**
 * A tenant (merchant account) was created.
 *
 * Schema: https://calibrate.dev/schemas/events/TenantCreated/1.0.0
 */
export interface TenantCreated {
  tenantId: string;
  name: string;
  defaultCurrency: string;
}

/**
 * The tenant's pricing guardrails (and whether an author may approve their own change) are now policy. An absent percent is a guardrail not configured.
 *
 * Schema: https://calibrate.dev/schemas/events/TenantPolicyChanged/1.2.0
 */
export interface TenantPolicyChanged {
  tenantId: string;
  policy: {
    maxDecreasePercent?: number;
    maxIncreasePercent?: number;
    floors: {
      [key: string]: {
        amount: string;
        currency: string;
      };
    };
    ceilings: {
      [key: string]: {
        amount: string;
        currency: string;
      };
    };
    minMarginPercent?: number;
    enforceMap: boolean;
    selfApprovalAllowed: boolean;
    /** The EU prior-price rule; absent in policies recorded before it existed, which read as disabled. */
    priorPriceRule?: {
      enabled: boolean;
      windowDays: number;
      currencies: Array<string>;
      progressive: boolean;
    };
    /** When a price change needs more than one ordinary approver (added in 1.2.0); absent in policies recorded before, which read as no thresholds. */
    approvalThresholds?: {
      maxDecreasePercent?: number;
      maxRevenueImpact: {
        [key: string]: {
          amount: string;
          currency: string;
        };
      };
      requires: "admin_or_two_approvers" | "admin" | "two_approvers";
    };
  };
}

/**
 * The tenant's days are now counted in timeZone, an IANA zone id. A tenant that never set one is in UTC.
 *
 * Schema: https://calibrate.dev/schemas/events/TenantTimeZoneChanged/1.0.0
 */
export interface TenantTimeZoneChanged {
  tenantId: string;
  timeZone: string;
}

/**
 * A person opened their invitation and set a password; the password is never in the event.
 *
 * Schema: https://calibrate.dev/schemas/events/UserActivated/1.0.0
 */
export interface UserActivated {
  tenantId: string;
  userId: string;
}

/**
 * A person may no longer sign in; their sessions ended on their next request.
 *
 * Schema: https://calibrate.dev/schemas/events/UserDisabled/1.0.0
 */
export interface UserDisabled {
  tenantId: string;
  userId: string;
}

/**
 * A disabled person may sign in again.
 *
 * Schema: https://calibrate.dev/schemas/events/UserEnabled/1.0.0
 */
export interface UserEnabled {
  tenantId: string;
  userId: string;
}

/**
 * A tenant admin invited a person. The invitation link and its hash are never in the event.
 *
 * Schema: https://calibrate.dev/schemas/events/UserInvited/1.0.0
 */
export interface UserInvited {
  tenantId: string;
  userId: string;
  email: string;
  name: string;
  roles: Array<"viewer" | "analyst" | "approver" | "admin">;
}

/**
 * A person was sent a new invitation link (a password reset): the old link and the password stopped working.
 *
 * Schema: https://calibrate.dev/schemas/events/UserReinvited/1.0.0
 */
export interface UserReinvited {
  tenantId: string;
  userId: string;
}

/**
 * A person's roles are now these; they take effect on the person's next request.
 *
 * Schema: https://calibrate.dev/schemas/events/UserRolesChanged/1.0.0
 */
export interface UserRolesChanged {
  tenantId: string;
  userId: string;
  roles: Array<"viewer" | "analyst" | "approver" | "admin">;
}

/** Every event's payload, by the event's type name. */
export interface CalibrateEventPayloads {
  ApiTokenIssued: ApiTokenIssued;
  ApiTokenRevoked: ApiTokenRevoked;
  ChannelConnected: ChannelConnected;
  ChannelDisconnected: ChannelDisconnected;
  ChannelPriceDriftDetected: ChannelPriceDriftDetected;
  ChannelPriceDriftResolved: ChannelPriceDriftResolved;
  ChannelPriceRepairRequested: ChannelPriceRepairRequested;
  ChannelPriceSyncFailed: ChannelPriceSyncFailed;
  ChannelPriceSyncSuperseded: ChannelPriceSyncSuperseded;
  ChannelPriceSynced: ChannelPriceSynced;
  CompetitorPricesObserved: CompetitorPricesObserved;
  CompetitorRegistered: CompetitorRegistered;
  CopilotQueryAnswered: CopilotQueryAnswered;
  CopilotQueryRefused: CopilotQueryRefused;
  ObservationBatchRecorded: ObservationBatchRecorded;
  PriceChangeApplied: PriceChangeApplied;
  PriceChangeApplyStarted: PriceChangeApplyStarted;
  PriceChangeApproved: PriceChangeApproved;
  PriceChangeCancelled: PriceChangeCancelled;
  PriceChangeDrafted: PriceChangeDrafted;
  PriceChangeEdited: PriceChangeEdited;
  PriceChangeFirstApproved: PriceChangeFirstApproved;
  PriceChangePreviewEdited: PriceChangePreviewEdited;
  PriceChangePreviewed: PriceChangePreviewed;
  PriceChangeRejected: PriceChangeRejected;
  PriceChangeRollbackStarted: PriceChangeRollbackStarted;
  PriceChangeRolledBack: PriceChangeRolledBack;
  PriceChangeRunAbandoned: PriceChangeRunAbandoned;
  PriceChangeRunFailed: PriceChangeRunFailed;
  PriceChangeRunRetried: PriceChangeRunRetried;
  PriceChangeScheduled: PriceChangeScheduled;
  PriceChangeSubmitted: PriceChangeSubmitted;
  ProductBrandFloorsSet: ProductBrandFloorsSet;
  ProductCreated: ProductCreated;
  ProductDeactivated: ProductDeactivated;
  ProductDetailsChanged: ProductDetailsChanged;
  ProductPriceChangeConflicted: ProductPriceChangeConflicted;
  ProductPriceChanged: ProductPriceChanged;
  ProductPriceObserved: ProductPriceObserved;
  ProductReactivated: ProductReactivated;
  SavedRuleCreated: SavedRuleCreated;
  SavedRuleDisabled: SavedRuleDisabled;
  SavedRuleEnabled: SavedRuleEnabled;
  SavedRuleRevised: SavedRuleRevised;
  SavedRuleScheduleRemoved: SavedRuleScheduleRemoved;
  SavedRuleScheduleSet: SavedRuleScheduleSet;
  SavedRuleScheduledRunDrafted: SavedRuleScheduledRunDrafted;
  SavedRuleScheduledRunSkipped: SavedRuleScheduledRunSkipped;
  TenantCreated: TenantCreated;
  TenantPolicyChanged: TenantPolicyChanged;
  TenantTimeZoneChanged: TenantTimeZoneChanged;
  UserActivated: UserActivated;
  UserDisabled: UserDisabled;
  UserEnabled: UserEnabled;
  UserInvited: UserInvited;
  UserReinvited: UserReinvited;
  UserRolesChanged: UserRolesChanged;
}

/** The type name of an event, as stored events and the audit endpoints name it. */
export type CalibrateEventType = keyof CalibrateEventPayloads;

/** An event as its type name and its payload: a switch on `type` narrows the payload. */
export type CalibrateEvent = {
  [T in CalibrateEventType]: { type: T; payload: CalibrateEventPayloads[T] };
}[CalibrateEventType];
