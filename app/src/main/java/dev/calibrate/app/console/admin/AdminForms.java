package dev.calibrate.app.console.admin;

import dev.calibrate.app.tenant.AdminTenantApi;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Scope;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The admin screens' forms as the browser sends them, and the admin API bodies they become. */
public final class AdminForms {

    private AdminForms() {
    }

    public record TenantForm(String name, String defaultCurrency) {

        static TenantForm empty() {
            return new TenantForm("", "USD");
        }

        AdminTenantApi.TenantCreate toRequest() {
            return new AdminTenantApi.TenantCreate(name == null ? "" : name.strip(),
                    defaultCurrency == null ? "" : defaultCurrency.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** {@code expiresOn} is a date (the token stops working at its start, UTC); empty means it does not expire. */
    public record TokenForm(String name, List<String> scopes, String subject, String expiresOn) {

        static TokenForm empty() {
            return new TokenForm("", List.of(), "", "");
        }

        public boolean has(Scope scope) {
            return scopes != null && scopes.contains(scope.wireName());
        }

        AdminTenantApi.TokenIssue toRequest() {
            List<Scope> chosen = new ArrayList<>();
            for (String scope : scopes == null ? List.<String>of() : scopes) {
                chosen.add(Scope.fromWireName(scope));
            }
            return new AdminTenantApi.TokenIssue(name == null ? "" : name.strip(), chosen, expiresAt(),
                    subject == null || subject.isBlank() ? null : subject.strip());
        }

        private String expiresAt() {
            if (expiresOn == null || expiresOn.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(expiresOn.strip()).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
            } catch (DateTimeParseException e) {
                throw new InvalidInput("expiresOn", "must be a date such as 2027-01-31");
            }
        }
    }
}
