package dev.calibrate.app.copilot.llm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The question-to-SQL examples the team wrote ({@code copilot/llm-examples.json}), and the few of them
 * closest to a question: TF-IDF over the words of each example's question (counted twice) and of its SQL
 * (so "cost" finds {@code cost_amount}), compared by cosine. Deterministic: ties go to the earlier example,
 * and when fewer than {@link #MIN} examples share a word with the question the first ones fill in.
 */
public final class LlmExamples {

    /** How many examples a prompt shows at most, and at least. */
    static final int MAX = 4;
    static final int MIN = 3;

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "in", "on", "is", "are", "was",
            "which", "what", "how", "many", "much", "do", "does", "did", "to", "for", "and", "or", "that", "this",
            "with", "by", "our", "we", "me", "show", "list", "give", "all", "there", "it", "its", "their", "be");

    public record Example(String question, String sql) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Json(List<Example> examples) {
    }

    private final List<Example> examples;
    private final List<Map<String, Double>> vectors;
    private final Map<String, Double> idf;

    public LlmExamples(List<Example> examples) {
        if (examples.size() < MIN) {
            throw new IllegalArgumentException("at least " + MIN + " examples");
        }
        this.examples = List.copyOf(examples);
        List<Map<String, Integer>> counts = examples.stream().map(e -> {
            Map<String, Integer> count = new HashMap<>();
            words(e.question()).forEach(w -> count.merge(w, 2, Integer::sum));
            words(e.sql()).forEach(w -> count.merge(w, 1, Integer::sum));
            return count;
        }).toList();
        Map<String, Integer> documents = new HashMap<>();
        counts.forEach(count -> count.keySet().forEach(w -> documents.merge(w, 1, Integer::sum)));
        this.idf = new HashMap<>();
        documents.forEach((w, n) -> idf.put(w, Math.log((1.0 + examples.size()) / (1.0 + n)) + 1.0));
        this.vectors = counts.stream().map(this::weigh).toList();
    }

    /** The team's examples, from the classpath. */
    public static LlmExamples load(ObjectMapper mapper) {
        try (InputStream in = LlmExamples.class.getResourceAsStream("/copilot/llm-examples.json")) {
            if (in == null) {
                throw new IllegalStateException("copilot/llm-examples.json is missing");
            }
            return new LlmExamples(mapper.readValue(in, Json.class).examples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Example> all() {
        return examples;
    }

    /** The examples closest to the question, best first: at most {@link #MAX}, at least {@link #MIN}. */
    public List<Example> closestTo(String question) {
        Map<String, Integer> count = new HashMap<>();
        words(question).forEach(w -> count.merge(w, 1, Integer::sum));
        Map<String, Double> query = weigh(count);
        double[] scores = vectors.stream().mapToDouble(v -> cosine(query, v)).toArray();
        List<Integer> ranked = IntStream.range(0, examples.size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> i)).toList();
        List<Example> chosen = new ArrayList<>();
        for (int i : ranked) {
            if (chosen.size() < MAX && scores[i] > 0) {
                chosen.add(examples.get(i));
            }
        }
        for (int i = 0; chosen.size() < MIN; i++) {
            if (!chosen.contains(examples.get(i))) {
                chosen.add(examples.get(i));
            }
        }
        return chosen;
    }

    private Map<String, Double> weigh(Map<String, Integer> count) {
        Map<String, Double> vector = new HashMap<>();
        // a word no example has cannot make any example closer
        count.forEach((w, n) -> vector.put(w, n * idf.getOrDefault(w, 0.0)));
        return vector;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            dot += e.getValue() * b.getOrDefault(e.getKey(), 0.0);
        }
        double norms = norm(a) * norm(b);
        return norms == 0 ? 0 : dot / norms;
    }

    private static double norm(Map<String, Double> vector) {
        return Math.sqrt(vector.values().stream().mapToDouble(v -> v * v).sum());
    }

    /** Lower-case words, identifiers split at underscores, a plural's s dropped, common words left out. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty() || STOP_WORDS.contains(word)) {
                continue;
            }
            words.add(word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
                    ? word.substring(0, word.length() - 1) : word);
        }
        return words;
    }
}
