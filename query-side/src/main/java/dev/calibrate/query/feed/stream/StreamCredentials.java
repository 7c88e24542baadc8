package dev.calibrate.query.feed.stream;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;

/**
 * Whether the credential a stream was opened with still allows it (not revoked, not expired, the scope
 * still granted): an open stream asks again every {@link StreamLimits#credentialCheck()} and ends when not.
 */
public interface StreamCredentials {

    boolean stillAllow(Caller caller, Scope scope);
}
