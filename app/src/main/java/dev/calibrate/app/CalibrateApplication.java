package dev.calibrate.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

@SpringBootApplication(scanBasePackages = "dev.calibrate")
@ConfigurationPropertiesScan("dev.calibrate")
@EntityScan("dev.calibrate")
@EnableJpaRepositories(basePackages = "dev.calibrate", considerNestedRepositories = true)
public class CalibrateApplication {

    /** Axon's update checker calls home; it stays off unless the operator turns it on explicitly. */
    static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
        SpringApplication.run(CalibrateApplication.class, args);
    }
}
