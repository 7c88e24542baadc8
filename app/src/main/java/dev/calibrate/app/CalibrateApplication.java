package dev.calibrate.app;

import dev.calibrate.app.audit.export.VerifyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.metrics.LogbackMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import java.util.Arrays;

// Micrometer's logback binder taxes every logging call: observability.LogEventMetrics counts the lines instead
// (excluded here, where setting spring.autoconfigure.exclude cannot bring it back beside ours)
@SpringBootApplication(scanBasePackages = "dev.calibrate", exclude = LogbackMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan("dev.calibrate")
@EntityScan("dev.calibrate")
@EnableJpaRepositories(basePackages = "dev.calibrate", considerNestedRepositories = true)
public class CalibrateApplication {

    /** Axon's update checker calls home; it stays off unless the operator turns it on explicitly. */
    static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        if (args.length > 0 && VerifyCommand.NAME.equals(args[0])) {
            // verifies an audit log export offline (docs/audit.md): no Spring, no database
            System.exit(VerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
        SpringApplication.run(CalibrateApplication.class, args);
    }
}
