/* eslint-disable */
// Generated from the GraphQL operations in clients/typescript/operations/*.graphql, validated against the
// schema (schemas/graphql/calibrate.graphqls), by the clients module's TypeScriptClientTest: do not edit.
// Per operation: <Name>Query (the answer's data, exactly as selected), <Name>QueryVariables and
// <Name>Document (the text to post, typed with both).

/** A document's text, carrying the types of its answer and of its variables. */
export type TypedDocument<Result, Variables> = string & {
  readonly __result?: Result;
  readonly __variables?: Variables;
};

export type MoneyFieldsFragment = {
  amount: string;
  currency: string;
};

export type PriceChangeItemFieldsFragment = {
  productId: string;
  sku: string;
  currency: string;
  status: string;
  outcome: string;
  currentPrice: {
    amount: string;
    currency: string;
  } | null;
  proposedPrice: {
    amount: string;
    currency: string;
  } | null;
};

export type AuditEntriesQueryVariables = {
  entityId?: string | null;
  first?: number | null;
  after?: string | null;
};

export type AuditEntriesQuery = {
  auditEntries: {
    nodes: Array<{
      eventId: string;
      position: string;
      entityType: string;
      entityId: string;
      action: string;
      actor: string | null;
      correlationId: string | null;
      requestId: string | null;
      explain: unknown | null;
      at: string;
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export const AuditEntriesDocument = `query AuditEntries($entityId: String, $first: Int, $after: String) {
  auditEntries(entityId: $entityId, first: $first, after: $after) {
    nodes {
      eventId
      position
      entityType
      entityId
      action
      actor
      correlationId
      requestId
      explain
      at
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}` as TypedDocument<AuditEntriesQuery, AuditEntriesQueryVariables>;

export type CompetitorsQueryVariables = {
  first?: number | null;
  after?: string | null;
};

export type CompetitorsQuery = {
  competitors: {
    nodes: Array<{
      id: string;
      name: string;
      domain: string;
      registeredAt: string;
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export const CompetitorsDocument = `query Competitors($first: Int, $after: String) {
  competitors(first: $first, after: $after) {
    nodes {
      id
      name
      domain
      registeredAt
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}` as TypedDocument<CompetitorsQuery, CompetitorsQueryVariables>;

export type ConnectorsQueryVariables = Record<string, never>;

export type ConnectorsQuery = {
  connectors: {
    shopify: {
      connection: {
        shop: string;
        status: string;
      };
      api: {
        tokenValid: boolean;
        circuitBreaker: string;
      };
      sync: {
        state: string;
        finishedAt: string | null;
      };
      deliveries: {
        pending: number;
        failed: number;
      };
    } | null;
    amazon: {
      connection: {
        sellerId: string;
        region: string;
        status: string;
      };
      sync: {
        state: string;
        finishedAt: string | null;
      };
    } | null;
  };
};

export const ConnectorsDocument = `query Connectors {
  connectors {
    shopify {
      connection {
        shop
        status
      }
      api {
        tokenValid
        circuitBreaker
      }
      sync {
        state
        finishedAt
      }
      deliveries {
        pending
        failed
      }
    }
    amazon {
      connection {
        sellerId
        region
        status
      }
      sync {
        state
        finishedAt
      }
    }
  }
}` as TypedDocument<ConnectorsQuery, ConnectorsQueryVariables>;

export type DriftsQueryVariables = {
  channel: string;
  state?: string | null;
  first?: number | null;
  after?: string | null;
};

export type DriftsQuery = {
  drifts: {
    nodes: Array<{
      productId: string;
      sku: string;
      currency: string;
      expected: string;
      actual: string;
      actualCompareAt: string | null;
      state: string;
      detectedAt: string;
      resolvedAt: string | null;
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export const DriftsDocument = `query Drifts($channel: String!, $state: String, $first: Int, $after: String) {
  drifts(channel: $channel, state: $state, first: $first, after: $after) {
    nodes {
      productId
      sku
      currency
      expected
      actual
      actualCompareAt
      state
      detectedAt
      resolvedAt
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}` as TypedDocument<DriftsQuery, DriftsQueryVariables>;

export type PriceChangeWithItemsQueryVariables = {
  id: string;
  first?: number | null;
  after?: string | null;
  outcome?: string | null;
};

export type PriceChangeWithItemsQuery = {
  priceChange: {
    __typename: 'PriceChange';
    id: string;
    name: string;
    state: string;
    author: string;
    approver: string | null;
    applied: number | null;
    appliedAt: string | null;
    channelSync: Array<{
      channel: string;
      pending: number;
      synced: number;
      failed: number;
      superseded: number;
    }>;
    items: {
      edges: Array<{
        cursor: string;
        node: {
          productId: string;
          sku: string;
          currency: string;
          status: string;
          outcome: string;
          currentPrice: {
            amount: string;
            currency: string;
          } | null;
          proposedPrice: {
            amount: string;
            currency: string;
          } | null;
          deltaPercent: string | null;
          reasons: Array<string>;
          explain: unknown | null;
          anomalies: Array<{
            kind: string;
            severity: string;
            score: number | null;
          }>;
          channels: Array<{
            channel: string;
            state: string;
            errors: Array<{
              code: string | null;
              message: string | null;
            }>;
          }>;
        };
      }>;
      pageInfo: {
        hasNextPage: boolean;
        endCursor: string | null;
      };
    };
  } | null;
};

export const PriceChangeWithItemsDocument = `query PriceChangeWithItems($id: ID!, $first: Int, $after: String, $outcome: String) {
  priceChange(id: $id) {
    __typename
    id
    name
    state
    author
    approver
    applied
    appliedAt
    channelSync {
      channel
      pending
      synced
      failed
      superseded
    }
    items(first: $first, after: $after, outcome: $outcome) {
      edges {
        cursor
        node {
          ...PriceChangeItemFields
          ... on PriceChangeItem {
            deltaPercent
            reasons
            explain
            anomalies {
              kind
              severity
              score
            }
            channels {
              channel
              state
              errors {
                code
                message
              }
            }
          }
          currentPrice {
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}

fragment MoneyFields on Money {
  amount
  currency
}

fragment PriceChangeItemFields on PriceChangeItem {
  productId
  sku
  currency
  status
  outcome
  currentPrice {
    ...MoneyFields
  }
  proposedPrice {
    ...MoneyFields
  }
}` as TypedDocument<PriceChangeWithItemsQuery, PriceChangeWithItemsQueryVariables>;

export type PriceHistoryQueryVariables = {
  id: string;
  currency?: string | null;
  first?: number | null;
  after?: string | null;
};

export type PriceHistoryQuery = {
  product: {
    id: string;
    sku: string;
    title: string;
    history: {
      nodes: Array<{
        currency: string;
        amount: string;
        compareAt: string | null;
        source: string;
        validFrom: string;
        validTo: string | null;
      }>;
      pageInfo: {
        hasNextPage: boolean;
        endCursor: string | null;
      };
    };
  } | null;
};

export const PriceHistoryDocument = `query PriceHistory($id: ID!, $currency: String, $first: Int = 50, $after: String) {
  product(id: $id) {
    id
    sku
    title
    history: priceHistory(currency: $currency, first: $first, after: $after) {
      nodes {
        currency
        amount
        compareAt
        source
        validFrom
        validTo
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}` as TypedDocument<PriceHistoryQuery, PriceHistoryQueryVariables>;

export type PricePositionQueryVariables = {
  currency?: string | null;
  maxAgeHours?: number | null;
  first?: number | null;
  after?: string | null;
};

export type PricePositionQuery = {
  pricePosition: {
    nodes: Array<{
      productId: string;
      sku: string;
      title: string;
      currency: string;
      ourPrice: string;
      lowest: string | null;
      median: string | null;
      highest: string | null;
      competitors: number;
      priceIndex: string | null;
      position: string;
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
    currency: string;
    maxAgeHours: number;
    asOf: string;
    summary: {
      cheapest: number;
      inBand: number;
      mostExpensive: number;
      noData: number;
      total: number;
    };
  };
};

export const PricePositionDocument = `query PricePosition($currency: String, $maxAgeHours: Int, $first: Int, $after: String) {
  pricePosition(currency: $currency, maxAgeHours: $maxAgeHours, first: $first, after: $after) {
    nodes {
      productId
      sku
      title
      currency
      ourPrice
      lowest
      median
      highest
      competitors
      priceIndex
      position
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    currency
    maxAgeHours
    asOf
    summary {
      cheapest
      inBand
      mostExpensive
      noData
      total
    }
  }
}` as TypedDocument<PricePositionQuery, PricePositionQueryVariables>;

export type PriceProvenanceQueryVariables = {
  productId: string;
  currency: string;
  at?: string | null;
};

export type PriceProvenanceQuery = {
  priceProvenance: {
    amount: string;
    compareAt: string | null;
    origin: string;
    historyComplete: boolean;
    setBy: {
      type: string;
      position: string;
      time: string;
      actor: string | null;
    };
    ingest: {
      source: string;
      correlationId: string | null;
    } | null;
    priceChange: {
      id: string;
      name: string | null;
      approver: string | null;
      rule: unknown | null;
      run: {
        kind: string;
        written: number | null;
        conflicts: number | null;
      } | null;
      inputs: {
        cost: string | null;
        competitors: Array<{
          source: string;
          price: string;
          observedAt: string;
        }>;
      } | null;
    } | null;
    channels: Array<{
      channel: string;
      state: string;
      refs: Array<{
        name: string;
        value: string;
      }>;
    }>;
    openDrifts: Array<{
      channel: string;
      expected: string;
      actual: string;
    }>;
    previous: {
      amount: string;
      origin: string;
      setBy: {
        type: string;
      };
    } | null;
  } | null;
};

export const PriceProvenanceDocument = `query PriceProvenance($productId: ID!, $currency: String!, $at: String) {
  priceProvenance(productId: $productId, currency: $currency, at: $at) {
    amount
    compareAt
    origin
    historyComplete
    setBy {
      type
      position
      time
      actor
    }
    ingest {
      source
      correlationId
    }
    priceChange {
      id
      name
      approver
      rule
      run {
        kind
        written
        conflicts
      }
      inputs {
        cost
        competitors {
          source
          price
          observedAt
        }
      }
    }
    channels {
      channel
      state
      refs {
        name
        value
      }
    }
    openDrifts {
      channel
      expected
      actual
    }
    previous {
      amount
      origin
      setBy {
        type
      }
    }
  }
}` as TypedDocument<PriceProvenanceQuery, PriceProvenanceQueryVariables>;

export type ProductsPageQueryVariables = {
  first?: number | null;
  after?: string | null;
  query?: string | null;
};

export type ProductsPageQuery = {
  catalog: {
    edges: Array<{
      cursor: string;
      node: {
        __typename: 'Product';
        id: string;
        sku: string;
        title: string;
        vendor: string | null;
        tags: Array<string>;
        active: boolean;
        cost: {
          amount: string;
          currency: string;
        } | null;
        prices: Array<{
          currency: string;
          amount: string;
          compareAt: string | null;
          source: string;
          since: string;
        }>;
        competitors: Array<{
          name: string;
          domain: string;
          price: {
            amount: string;
            currency: string;
          };
          fresh: boolean;
          competing: boolean;
          observedAt: string;
        }> | null;
      };
    }>;
    pageInfo: {
      hasNextPage: boolean;
      endCursor: string | null;
    };
  };
};

export const ProductsPageDocument = `query ProductsPage($first: Int, $after: String, $query: String) {
  catalog: products(first: $first, after: $after, query: $query) {
    edges {
      cursor
      node {
        __typename
        id
        sku
        title
        vendor
        tags
        active
        cost {
          amount
          currency
        }
        prices {
          currency
          amount
          compareAt
          source
          since
        }
        competitors {
          name
          domain
          price {
            amount
            currency
          }
          fresh
          competing
          observedAt
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}` as TypedDocument<ProductsPageQuery, ProductsPageQueryVariables>;
