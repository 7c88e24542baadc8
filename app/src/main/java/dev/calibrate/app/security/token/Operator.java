package dev.calibrate.app.security.token;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/** Who presented a valid operator token: the principal the actuator's {@code when-authorized} checks see. */
public record Operator(UUID tokenId, String name, Set<OperatorScope> scopes) implements Principal {

    @Override
    public String getName() {
        return "operator:" + tokenId;
    }

    public boolean may(OperatorScope scope) {
        return scopes.contains(scope);
    }
}
