package dev.calibrate.app.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Base of the integration tests: the whole application over real HTTP on a random port, against
 * an embedded PostgreSQL in a throw-away directory (one per Spring context, shared by the tests
 * that use the same configuration). Tests isolate themselves by creating their own tenants.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "calibrate.embedded-postgres.ephemeral=true",
                "calibrate.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "calibrate.consistency.max-wait=20s"
        })
@IntegrationTest.Marker
public abstract class IntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Marker {
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected com.fasterxml.jackson.databind.ObjectMapper mapper;

    protected Api api;

    @BeforeEach
    void connectApi() {
        api = new Api("http://localhost:" + port, ADMIN_TOKEN, mapper);
    }
}
