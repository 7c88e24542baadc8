package dev.calibrate.app.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL 15 installed from Debian's packages (cluster {@code 15/main} on port 5432), for the tests
 * that need what the embedded server lacks ({@code pg_dump}, a server several processes share). Started
 * if it is not running; administered as the {@code postgres} operating-system user, which needs root,
 * as CI runs.
 */
public final class Postgres15 {

    public static final String BIN = "/usr/lib/postgresql/15/bin";
    public static final int PORT = 5432;

    private Postgres15() {
    }

    /** Starts the cluster unless it runs (as {@code pg_ctlcluster} does it: idempotent here). */
    public static synchronized void start() throws IOException, InterruptedException {
        if (run(List.of("pg_lsclusters", "--no-header", "15", "main")).contains("online")) {
            return;
        }
        run(List.of("pg_ctlcluster", "15", "main", "start"));
        if (!run(List.of("pg_lsclusters", "--no-header", "15", "main")).contains("online")) {
            throw new IllegalStateException("PostgreSQL 15 (cluster 15/main) did not start");
        }
    }

    /** Runs each statement, in its own transaction, as the superuser, through {@code psql} over the local socket. */
    public static void superuser(String... statements) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", BIN + "/psql",
                "-v", "ON_ERROR_STOP=1", "-q"));
        for (String statement : statements) {
            command.add("-c");
            command.add(statement);
        }
        run(command);
    }

    public static String url(String database) {
        return "jdbc:postgresql://localhost:" + PORT + "/" + database;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
