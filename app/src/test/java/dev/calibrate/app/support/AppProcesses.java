package dev.calibrate.app.support;

import dev.calibrate.app.CalibrateApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The application started the way an operator starts it, over one data directory, for restart tests. */
public final class AppProcesses {

    private AppProcesses() {
    }

    /** The application as its own JVM on the test classpath, so signals take the real path. */
    public static Process start(Path dataDir, int port, String adminToken, Path log, String... moreArgs)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                CalibrateApplication.class.getName(),
                "--calibrate.data-dir=" + dataDir,
                "--server.port=" + port,
                "--calibrate.admin-token=" + adminToken,
                // these tests load thousands of products with one token: request limits are RateLimitHttpTest's
                "--calibrate.rate-limits.enabled=false",
                // and send up to 48 of one tenant's requests at once to nodes sharing one machine's cores: they wait
                // for their tenant's places (TenantRequestLimitHttpTest's) as long as it takes, never a 429
                "--calibrate.web.tenant-requests.max-wait=60s", "--calibrate.web.tenant-requests.waiting=100"));
        command.addAll(List.of(moreArgs));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * In this JVM, with command-line arguments as an operator gives them. (Properties given to
     * {@code SpringApplicationBuilder.properties} are only defaults, which application.yml overrides.)
     */
    public static ConfigurableApplicationContext startInProcess(Path dataDir, String adminToken, String... moreArgs) {
        return new SpringApplicationBuilder(CalibrateApplication.class).initializers(TEST_CONFIGURATION_UNSCANNED)
                .run(arguments(dataDir, adminToken, moreArgs));
    }

    /**
     * In this JVM, in a database of its own on the tests' one embedded PostgreSQL ({@link SharedPostgres}):
     * for a test that needs settings of its own but not a server of its own.
     */
    public static ConfigurableApplicationContext startOnSharedPostgres(Path dataDir, String adminToken,
                                                                       String... moreArgs) {
        return startOnSharedPostgres(List.of(), dataDir, adminToken, moreArgs);
    }

    /** As above, with test configuration of its own added to the application's (a bean post-processor, say). */
    public static ConfigurableApplicationContext startOnSharedPostgres(List<Class<?>> configuration, Path dataDir,
                                                                       String adminToken, String... moreArgs) {
        List<Class<?>> sources = new ArrayList<>(List.of(CalibrateApplication.class));
        sources.addAll(configuration);
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).initializers(new SharedPostgres(),
                TEST_CONFIGURATION_UNSCANNED)
                .run(arguments(dataDir, adminToken, moreArgs));
    }

    /**
     * What {@code @SpringBootTest} does for its own context: a {@code @TestConfiguration} on the test classpath is
     * not found by the application's component scan (it scans all of dev.calibrate), only used by the tests that
     * list it. Without it the contract filter and the statement counter ran in every application started here.
     */
    private static final ApplicationContextInitializer<ConfigurableApplicationContext> TEST_CONFIGURATION_UNSCANNED =
            context -> context.getBeanFactory().registerSingleton(TestConfigurationUnscanned.class.getName(),
                    new TestConfigurationUnscanned());

    private static final class TestConfigurationUnscanned extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
        }

        @Override
        public boolean equals(Object other) {
            return other != null && other.getClass() == getClass();
        }

        @Override
        public int hashCode() {
            return getClass().hashCode();
        }
    }

    private static String[] arguments(Path dataDir, String adminToken, String... moreArgs) {
        // a repeated --name=value would be read as "first,second": moreArgs replace the defaults they name
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
        for (String arg : List.of("--calibrate.data-dir=" + dataDir, "--server.port=0",
                "--calibrate.admin-token=" + adminToken, "--calibrate.consistency.max-wait=60s",
                // as in start(): request limits are RateLimitHttpTest's, requests at once TenantRequestLimitHttpTest's
                "--calibrate.rate-limits.enabled=false", "--calibrate.web.tenant-requests.max-wait=60s",
                "--calibrate.web.tenant-requests.waiting=100",
                // a test's context closes at once; ReadinessGraceTest sets its own grace
                "--calibrate.shutdown.readiness-grace=0s")) {
            args.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        for (String arg : moreArgs) {
            args.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return args.values().toArray(String[]::new);
    }

    /** Held for the JVM's life: the claim on the port {@link #portToBindLater} handed out. */
    private static final List<ServerSocket> CLAIMS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A port for a server that binds it only much later (a Spring context starting, a minute under
     * load). Taken below the kernel's ephemeral range, so no outgoing connection is handed it in the
     * meantime; and claimed by holding a companion port ({@code port + 1000}) open for the JVM's life, so
     * another test JVM checking the same range before this one binds moves on to the next.
     */
    public static int portToBindLater() {
        for (int port = 20_000; port < 21_000; port++) {
            ServerSocket claim;
            try {
                claim = new ServerSocket(port + 1000);
            } catch (IOException claimedElsewhere) {
                continue;
            }
            try (ServerSocket free = new ServerSocket(port)) {
                CLAIMS.add(claim);
                return free.getLocalPort();
            } catch (IOException taken) {
                try {
                    claim.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
        }
        return freePort();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
