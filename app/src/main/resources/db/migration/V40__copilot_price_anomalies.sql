-- The copilot's view of price anomalies (issue 16 items 2 and 7; docs/copilot.md#anomalies).
--
-- GET /api/v1/anomalies computes its kinds from the event store on each request; the copilot reads only
-- curated views, so this view computes the same kinds from the read models the events feed:
-- product_price_history (every price a ProductPriceObserved or ProductPriceChanged set, at the event's
-- time), product_view (the product's cost) and channel_drift_view. The rules are the endpoint's
-- (docs/anomalies.md), with their constants: a 90-day sample of at most 250 changes, a score above 3.5
-- over at least 10 changes, the default floor of a 10 % move, 6x the time-weighted 30-day average.
-- Where it differs, and why (CopilotAnomaliesTest compares the two on a seeded history):
--   * below_cost judges every price against the product's cost as it is now: the read models keep no
--     history of costs. Equal to the endpoint while the cost did not change over the prices judged.
--   * below_cost and channel_drift are what holds now (still_open): a period that ends before now has
--     no answer here for them (the copilot refuses such a question).
--   * the floor is the default (calibrate.anomalies.price-move-floor, 0.10); a deployment that changes
--     it gets other price moves from the endpoint than from this view.
-- Filtered by copilot.tenant() like every copilot view, before anything else (security_barrier).

-- Intervals are written in hours ('720 hours', not '30 days'): a timestamptz minus days counts days in the
-- session's time zone, so across a daylight-saving change it would be 23 or 25 hours short or long, and the
-- copilot's pool sets no time zone. In hours the windows are the endpoint's exact 30 and 90 days.

-- Every question reads one tenant's price history: without an index that starts with the tenant the
-- planner scans every tenant's rows (a Seq Scan over the whole table); with it, the tenant's rows are
-- read by index (CopilotAnomaliesTest#oneTenantsPriceHistoryIsReadByItsIndex).
CREATE INDEX product_price_history_tenant ON public.product_price_history (tenant_id, product_id, currency, valid_from);

CREATE VIEW copilot.price_anomalies AS
WITH prices AS (
    SELECT h.product_id, h.currency, h.amount, h.valid_from, h.valid_to, h.event_id,
           lag(h.amount) OVER (PARTITION BY h.product_id, h.currency ORDER BY h.valid_from, h.event_id)
               AS previous_amount,
           row_number() OVER (PARTITION BY h.product_id, h.currency ORDER BY h.valid_from, h.event_id) AS n,
           min(h.amount) OVER (PARTITION BY h.product_id, h.currency ORDER BY h.valid_from, h.event_id
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS lowest_before
    FROM public.product_price_history h
    WHERE h.tenant_id = (SELECT copilot.tenant())
),
-- a change past the floor: another amount than the one before, by 10 % or more, neither of them 0 or below
-- (no log return). Only these are scored: the samples below are read for them alone.
moves AS (
    SELECT p.product_id, p.currency, p.previous_amount, p.amount, p.valid_from AS at, p.event_id
    FROM prices p
    WHERE p.previous_amount > 0 AND p.amount > 0 AND p.amount <> p.previous_amount
      AND abs(round((p.amount - p.previous_amount) * 100 / p.previous_amount, 6)) >= 10
),
-- each with its sample: the product's changes in that currency in the 90 days up to and including it, at
-- most the 250 most recent, read through the (product_id, currency, valid_from) index from the price that
-- held at the window's start (the one before the first change); then the sample's median
medians AS (
    SELECT m.product_id, m.currency, m.previous_amount, m.amount, m.at, m.event_id,
           ln(m.amount::float8 / m.previous_amount::float8) AS x, s.size, s.median, s.sample
    FROM moves m
    CROSS JOIN LATERAL (
        SELECT count(*) AS size, percentile_cont(0.5) WITHIN GROUP (ORDER BY w.x) AS median,
               array_agg(w.x) AS sample
        FROM (SELECT ln(r.amount::float8 / r.before::float8) AS x
              FROM (SELECT h.amount, h.valid_from, h.event_id,
                           lag(h.amount) OVER (ORDER BY h.valid_from, h.event_id) AS before
                    FROM public.product_price_history h
                    WHERE h.product_id = m.product_id AND h.currency = m.currency
                      AND h.tenant_id = (SELECT copilot.tenant())
                      AND h.valid_from >= coalesce((SELECT max(b.valid_from) FROM public.product_price_history b
                                                    WHERE b.product_id = m.product_id AND b.currency = m.currency
                                                      AND b.tenant_id = (SELECT copilot.tenant())
                                                      AND b.valid_from <= m.at - interval '2160 hours'), '-infinity')
                      AND (h.valid_from, h.event_id) <= (m.at, m.event_id)) r
              WHERE r.before > 0 AND r.amount > 0 AND r.amount <> r.before
                AND r.valid_from > m.at - interval '2160 hours'
              ORDER BY r.valid_from DESC, r.event_id DESC LIMIT 250) w
    ) s
),
-- its modified z-score: by the MAD, or by the mean absolute deviation when the MAD is 0
scored AS (
    SELECT m.product_id, m.currency, m.previous_amount, m.amount, m.at, m.event_id,
           CASE WHEN d.mad > 0 THEN abs(0.6745 * (m.x - m.median) / d.mad)
                WHEN d.mean_ad > 0 THEN abs((m.x - m.median) / (1.2533 * d.mean_ad)) END AS score
    FROM medians m
    CROSS JOIN LATERAL (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(w.x - m.median)) AS mad,
               avg(abs(w.x - m.median)) AS mean_ad
        FROM unnest(m.sample) AS w(x)
    ) d
    WHERE m.size >= 10
),
-- each price after the first, with the time-weighted average of the prices that held in the 30 days
-- before it (each weighed by the milliseconds it held within them), read through the same index
averaged AS (
    SELECT p.product_id, p.currency, p.amount, p.valid_from AS at, p.event_id,
           a.weighted / nullif(a.covered, 0) AS average
    FROM prices p
    CROSS JOIN LATERAL (
        SELECT sum(e.amount * o.millis) AS weighted, sum(o.millis) AS covered
        FROM (SELECT h.amount, h.valid_from, h.valid_to FROM public.product_price_history h
              WHERE h.product_id = p.product_id AND h.currency = p.currency
                AND h.tenant_id = (SELECT copilot.tenant())
                AND h.valid_from < p.valid_from AND h.valid_from > p.valid_from - interval '720 hours'
              UNION ALL
              (SELECT h.amount, h.valid_from, h.valid_to FROM public.product_price_history h
               WHERE h.product_id = p.product_id AND h.currency = p.currency
                 AND h.tenant_id = (SELECT copilot.tenant())
                 AND h.valid_from <= p.valid_from - interval '720 hours'
               ORDER BY h.valid_from DESC, h.event_id DESC LIMIT 1)) e
        CROSS JOIN LATERAL (
            SELECT greatest(0, floor(extract(epoch FROM least(coalesce(e.valid_to, p.valid_from), p.valid_from)
                - greatest(e.valid_from, p.valid_from - interval '720 hours')) * 1000)) AS millis
        ) o
    ) a
    -- an average is never below the lowest price before, so a price at most 6x that lowest one needs none
    WHERE p.n > 1 AND p.amount > 6 * p.lowest_before
),
-- each price below the product's current cost (same currency), and whether it began a stretch below cost
-- that lasts to now
below AS (
    SELECT p.product_id, p.currency, p.amount, p.valid_from AS at, p.event_id, v.cost_amount,
           p.amount < v.cost_amount AS is_below,
           lag(p.amount < v.cost_amount) OVER w AS was_below,
           bool_and(p.amount < v.cost_amount) OVER (w ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS lasts,
           last_value(p.amount) OVER (w ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS amount_now
    FROM prices p
    JOIN public.product_view v ON v.product_id = p.product_id AND v.tenant_id = (SELECT copilot.tenant())
    WHERE v.cost_amount IS NOT NULL AND v.cost_currency = p.currency
    WINDOW w AS (PARTITION BY p.product_id, p.currency ORDER BY p.n)
),
-- the anomalies found, once (the planner would otherwise read them again for each product it joins)
found AS MATERIALIZED (
    SELECT product_id, 'price_move' AS kind, CASE WHEN score >= 7 THEN 'high' ELSE 'medium' END AS severity,
           currency, at, amount, previous_amount AS compared_with, round(score::numeric, 2) AS score,
           NULL::text AS channel, false AS still_open, false AS carried_over, event_id
    FROM scored WHERE score > 3.5
    UNION ALL
    SELECT product_id, 'above_average', 'high', currency, at, amount, round(average, 6), NULL, NULL, false, false,
           event_id
    FROM averaged WHERE average > 0 AND amount > 6 * average
    UNION ALL
    -- every price set below cost, when it was set
    SELECT product_id, 'below_cost', 'critical', currency, at, amount, cost_amount, NULL, NULL, false, false, event_id
    FROM below WHERE is_below
    UNION ALL
    -- a stretch below cost lasting to now, once more: at its start, with the price now (the endpoint reports
    -- it so in a period that began after the stretch did)
    SELECT product_id, 'below_cost', 'critical', currency, at, amount_now, cost_amount, NULL, NULL, true, true,
           event_id
    FROM below WHERE is_below AND lasts AND NOT coalesce(was_below, false)
    UNION ALL
    SELECT d.product_id, 'channel_drift',
           CASE WHEN d.expected > 0 AND ((d.actual - d.expected) * 100 / d.expected <= -50
                                         OR (d.actual - d.expected) * 100 / d.expected >= 100)
                THEN 'high' ELSE 'medium' END,
           d.currency, d.detected_at, d.actual, d.expected, NULL, d.channel, true, false, NULL
    FROM public.channel_drift_view d
    WHERE d.tenant_id = (SELECT copilot.tenant()) AND d.resolved_at IS NULL
)
SELECT a.product_id, v.sku, a.kind, a.severity, a.currency, a.at AS occurred_at, a.amount, a.compared_with, a.score,
       a.channel, a.still_open, a.carried_over, a.event_id
FROM found a
JOIN public.product_view v ON v.product_id = a.product_id AND v.tenant_id = (SELECT copilot.tenant());

ALTER VIEW copilot.price_anomalies SET (security_barrier = true);
GRANT SELECT ON copilot.price_anomalies TO calibrate_copilot;

COMMENT ON VIEW copilot.price_anomalies IS 'Price anomalies, the kinds of GET /api/v1/anomalies computed from the read models: unusual price moves, prices far above their 30-day average, prices below cost, open channel drifts';
COMMENT ON COLUMN copilot.price_anomalies.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.price_anomalies.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.price_anomalies.kind IS 'price_move (a move unlike the product''s others: modified z-score above 3.5 over its last 90 days of changes, at least 10 %), above_average (above 6x its time-weighted 30-day average), below_cost (a price below the product''s current cost) or channel_drift (a channel shows another price, still open)';
COMMENT ON COLUMN copilot.price_anomalies.severity IS 'critical (below_cost), high or medium';
COMMENT ON COLUMN copilot.price_anomalies.currency IS 'ISO 4217 currency of the price';
COMMENT ON COLUMN copilot.price_anomalies.occurred_at IS 'When the price was set (for channel_drift: when the drift was seen)';
COMMENT ON COLUMN copilot.price_anomalies.amount IS 'The price (for channel_drift: the channel''s price)';
COMMENT ON COLUMN copilot.price_anomalies.compared_with IS 'price_move: the price before; above_average: the 30-day average; below_cost: the cost; channel_drift: the price Calibrate set';
COMMENT ON COLUMN copilot.price_anomalies.score IS 'price_move only: the modified z-score (7 or more is high)';
COMMENT ON COLUMN copilot.price_anomalies.channel IS 'channel_drift only: the sales channel';
COMMENT ON COLUMN copilot.price_anomalies.still_open IS 'Whether it still holds now: an open drift, or a stretch below cost lasting to now (its carried_over row)';
COMMENT ON COLUMN copilot.price_anomalies.carried_over IS 'below_cost only: the row that repeats a stretch below cost lasting to now, at its start with the price now. For anomalies in a period up to now take (occurred_at >= start AND NOT carried_over) OR (still_open AND occurred_at < start); for what holds now, still_open';
COMMENT ON COLUMN copilot.price_anomalies.event_id IS 'The event that set the price (none for channel_drift)';
