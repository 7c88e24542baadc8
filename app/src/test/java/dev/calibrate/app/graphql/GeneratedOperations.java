package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clients module's generated {@code graphql-operations.ts} read back: each operation's document (the text a
 * client posts) and the type of its answer's data, in the form the generator writes it (one field a line, an object
 * between a line ending in {@code {} and one starting with {@code }}). An answer is checked against the type: exactly
 * the declared keys at every level, null only where the type says {@code | null}, lists where it says
 * {@code Array<…>}, and each scalar of its TypeScript type.
 */
record GeneratedOperations(Map<String, String> documents, Map<String, Type> answers) {

    /** The generated file, from the app module's directory (where the tests run). */
    static final Path FILE = Path.of("../clients/typescript/src/graphql-operations.ts");

    private static final Pattern ANSWER = Pattern.compile("^export type (\\w+)Query = \\{$");
    private static final Pattern DOCUMENT = Pattern.compile(
            "^export const (\\w+)Document = `(.*?)` as TypedDocument<", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern FIELD = Pattern.compile("^\\s*(\\w+): (.+)$");
    private static final String NULL = " | null";

    /** A TypeScript type of the generated form: a scalar (string, number, boolean, unknown or a string literal), a list, an object. */
    sealed interface Type permits Scalar, ListOf, ObjectOf {
        boolean nullable();
    }

    record Scalar(String name, boolean nullable) implements Type {
    }

    record ListOf(Type element, boolean nullable) implements Type {
    }

    record ObjectOf(Map<String, Type> fields, boolean nullable) implements Type {
    }

    static GeneratedOperations read() {
        try {
            return parse(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GeneratedOperations parse(String text) {
        Map<String, String> documents = new LinkedHashMap<>();
        Matcher document = DOCUMENT.matcher(text);
        while (document.find()) {
            documents.put(document.group(1), document.group(2).replace("\\`", "`").replace("\\${", "${")
                    .replace("\\\\", "\\"));
        }
        Map<String, Type> answers = new LinkedHashMap<>();
        Iterator<String> lines = text.lines().iterator();
        while (lines.hasNext()) {
            Matcher answer = ANSWER.matcher(lines.next());
            if (answer.matches()) {
                Body body = body(lines);
                answers.put(answer.group(1), wrapped(body.fields(), body.closing(), 0));
            }
        }
        return new GeneratedOperations(documents, answers);
    }

    /** An object's fields, and what follows the brace that closes it up to the semicolon (e.g. "> | null"). */
    private record Body(Map<String, Type> fields, String closing) {
    }

    private static Body body(Iterator<String> lines) {
        Map<String, Type> fields = new LinkedHashMap<>();
        while (true) {
            String line = lines.next();
            if (line.strip().startsWith("}")) {
                String closing = line.strip();
                return new Body(fields, closing.substring(1, closing.length() - 1));
            }
            Matcher field = FIELD.matcher(line);
            if (!field.matches()) {
                throw new IllegalStateException("not a field of the generated form: " + line);
            }
            String type = field.group(2);
            if (type.endsWith("{")) {
                int lists = (type.length() - type.replace("Array<", "").length()) / "Array<".length();
                Body nested = body(lines);
                fields.put(field.group(1), wrapped(nested.fields(), nested.closing(), lists));
            } else {
                fields.put(field.group(1), leaf(type.substring(0, type.length() - 1)));
            }
        }
    }

    /** An object closed by "}" + rest, inside lists Array<…> deep: the rest says which of them may be null. */
    private static Type wrapped(Map<String, Type> fields, String rest, int lists) {
        boolean nullable = rest.startsWith(NULL);
        rest = nullable ? rest.substring(NULL.length()) : rest;
        Type type = new ObjectOf(fields, nullable);
        for (int i = 0; i < lists; i++) {
            if (!rest.startsWith(">")) {
                throw new IllegalStateException("not a closing of the generated form: " + rest);
            }
            rest = rest.substring(1);
            boolean listNullable = rest.startsWith(NULL);
            rest = listNullable ? rest.substring(NULL.length()) : rest;
            type = new ListOf(type, listNullable);
        }
        return type;
    }

    private static Type leaf(String text) {
        boolean nullable = text.endsWith(NULL);
        String type = nullable ? text.substring(0, text.length() - NULL.length()) : text;
        if (type.startsWith("Array<") && type.endsWith(">")) {
            return new ListOf(leaf(type.substring("Array<".length(), type.length() - 1)), nullable);
        }
        return new Scalar(type, nullable);
    }

    /** What of the answer's data does not fit the type, one line each; empty when it fits. Visits every path answered. */
    static List<String> misfits(Type type, JsonNode value, String path, Set<String> answered) {
        List<String> misfits = new ArrayList<>();
        check(type, value, path, misfits, answered);
        return misfits;
    }

    private static void check(Type type, JsonNode value, String path, List<String> misfits, Set<String> answered) {
        if (value == null || value.isMissingNode()) {
            misfits.add(path + " is missing");
            return;
        }
        if (value.isNull()) {
            if (!type.nullable()) {
                misfits.add(path + " is null, but its type is not nullable");
            }
            return;
        }
        answered.add(path);
        if (type instanceof ObjectOf object) {
            if (!value.isObject()) {
                misfits.add(path + " is not an object: " + value);
                return;
            }
            Set<String> keys = new LinkedHashSet<>();
            value.fieldNames().forEachRemaining(keys::add);
            if (!keys.equals(object.fields().keySet())) {
                misfits.add(path + " has the keys " + keys + ", the type declares " + object.fields().keySet());
            }
            object.fields().forEach((key, field) -> check(field, value.get(key), path + "/" + key, misfits, answered));
        } else if (type instanceof ListOf list) {
            if (!value.isArray()) {
                misfits.add(path + " is not a list: " + value);
                return;
            }
            value.forEach(element -> check(list.element(), element, path + "[]", misfits, answered));
        } else if (type instanceof Scalar scalar && !fits(scalar.name(), value)) {
            misfits.add(path + " is " + value + ", not a " + scalar.name());
        }
    }

    private static boolean fits(String scalar, JsonNode value) {
        switch (scalar) {
            case "string":
                return value.isTextual();
            case "number":
                return value.isNumber();
            case "boolean":
                return value.isBoolean();
            case "unknown":
                return true;
            default:
                return scalar.startsWith("'") && value.isTextual()
                        && value.asText().equals(scalar.substring(1, scalar.length() - 1));
        }
    }

    /** Every path of the type that holds a scalar, as {@link #misfits} names them ("/a/b[]/c"). */
    static Set<String> scalarPaths(Type type, String path) {
        Set<String> paths = new TreeSet<>();
        if (type instanceof ObjectOf object) {
            object.fields().forEach((key, field) -> paths.addAll(scalarPaths(field, path + "/" + key)));
        } else if (type instanceof ListOf list) {
            paths.addAll(scalarPaths(list.element(), path + "[]"));
        } else {
            paths.add(path);
        }
        return paths;
    }
}
