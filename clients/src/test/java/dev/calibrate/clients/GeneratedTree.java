package dev.calibrate.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The files under a directory, by their path relative to it ('/'-separated), with their bytes. */
record GeneratedTree(SortedMap<String, byte[]> files) {

    static GeneratedTree read(Path directory) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return new GeneratedTree(files);
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratedTree(files);
    }

    /** What {@code actual} would have to change to equal this tree, one line per file; empty when equal. */
    List<String> differencesFrom(GeneratedTree actual) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, byte[]> expected : files.entrySet()) {
            byte[] found = actual.files.get(expected.getKey());
            if (found == null) {
                differences.add("not committed: " + expected.getKey());
            } else if (!Arrays.equals(found, expected.getValue())) {
                differences.add("differs: " + expected.getKey());
            }
        }
        for (String path : actual.files.keySet()) {
            if (!files.containsKey(path)) {
                differences.add("not generated: " + path);
            }
        }
        return differences;
    }

    /** Makes {@code directory} hold exactly this tree. */
    void replace(Path directory) {
        delete(directory);
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = directory.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
