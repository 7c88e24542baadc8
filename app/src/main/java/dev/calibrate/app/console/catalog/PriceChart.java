package dev.calibrate.app.console.catalog;

import dev.calibrate.query.catalog.ProductReadApi.ProductPriceHistoryEntry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A product's price history in one currency as an SVG step chart, computed here so the template only
 * places what it is given: the line's path, a dot per price with its label, and the axis ticks. The
 * template adds {@code <title>}/{@code <desc>} and the table that says the same in words.
 */
public record PriceChart(String currency, String title, String description, int width, int height,
                         int left, int right, int top, int bottom, String path, List<Point> points,
                         List<Tick> yTicks, List<Tick> xTicks) {

    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    private static final int LEFT = 64;
    private static final int RIGHT = WIDTH - 16;
    private static final int TOP = 14;
    private static final int BOTTOM = HEIGHT - 30;

    /** A price where it starts, with what a pointer or a screen reader is told about it. */
    public record Point(String x, String y, String label) {
    }

    public record Tick(String x, String y, String label) {
    }

    /** The chart of {@code entries} (one currency, oldest first); the current price is drawn up to {@code now}. */
    static PriceChart of(String currency, List<ProductPriceHistoryEntry> entries, Instant now) {
        Instant start = entries.get(0).validFrom();
        Instant end = now;
        for (ProductPriceHistoryEntry entry : entries) {
            if (entry.validTo() != null && entry.validTo().isAfter(end)) {
                end = entry.validTo();
            }
        }
        if (!end.isAfter(start)) {
            end = start.plus(Duration.ofHours(1));
        }
        BigDecimal low = null;
        BigDecimal high = null;
        for (ProductPriceHistoryEntry entry : entries) {
            BigDecimal amount = new BigDecimal(entry.amount());
            low = low == null || amount.compareTo(low) < 0 ? amount : low;
            high = high == null || amount.compareTo(high) > 0 ? amount : high;
        }
        if (low.compareTo(high) == 0) {
            BigDecimal pad = low.signum() == 0 ? BigDecimal.ONE : low.abs().multiply(new BigDecimal("0.1"));
            low = low.subtract(pad).max(BigDecimal.ZERO);
            high = high.add(pad);
        }
        Scale scale = new Scale(start, end, low.doubleValue(), high.doubleValue());

        StringBuilder path = new StringBuilder();
        List<Point> points = new ArrayList<>();
        for (ProductPriceHistoryEntry entry : entries) {
            double y = scale.y(new BigDecimal(entry.amount()).doubleValue());
            double from = scale.x(entry.validFrom());
            double to = scale.x(entry.validTo() == null ? end : entry.validTo());
            path.append(path.isEmpty() ? "M" : " L").append(fmt(from)).append(',').append(fmt(y))
                    .append(" L").append(fmt(to)).append(',').append(fmt(y));
            points.add(new Point(fmt(from), fmt(y), Display.money(entry.amount(), currency) + " from "
                    + Display.at(entry.validFrom())));
        }
        int scaleDigits = Math.max(new BigDecimal(entries.get(0).amount()).scale(), 0);
        List<Tick> yTicks = List.of(
                new Tick(fmt(LEFT - 6), fmt(scale.y(high.doubleValue())), high.setScale(scaleDigits, RoundingMode.HALF_UP).toPlainString()),
                new Tick(fmt(LEFT - 6), fmt(scale.y(low.doubleValue())), low.setScale(scaleDigits, RoundingMode.HALF_UP).toPlainString()));
        List<Tick> xTicks = List.of(new Tick(fmt(LEFT), fmt(BOTTOM + 20), Display.day(start)),
                new Tick(fmt(RIGHT), fmt(BOTTOM + 20), Display.day(end)));
        ProductPriceHistoryEntry last = entries.get(entries.size() - 1);
        String description = entries.size() + (entries.size() == 1 ? " price" : " prices") + " in " + currency
                + " from " + Display.day(start) + " to " + Display.day(end) + ", between " + low.toPlainString()
                + " and " + high.toPlainString() + "; now " + Display.money(last.amount(), currency) + ".";
        return new PriceChart(currency, "Price history in " + currency, description, WIDTH, HEIGHT, LEFT, RIGHT, TOP,
                BOTTOM, path.toString(), points, yTicks, xTicks);
    }

    private record Scale(Instant start, Instant end, double low, double high) {
        double x(Instant at) {
            double span = Duration.between(start, end).toMillis();
            return LEFT + (RIGHT - LEFT) * (Duration.between(start, at).toMillis() / span);
        }

        double y(double amount) {
            return BOTTOM - (BOTTOM - TOP) * ((amount - low) / (high - low));
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
