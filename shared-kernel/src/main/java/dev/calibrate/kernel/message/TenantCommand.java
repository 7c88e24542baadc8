package dev.calibrate.kernel.message;

import dev.calibrate.kernel.tenant.TenantId;

/** Every command acts for one tenant; the dispatcher copies it into the message metadata. */
public interface TenantCommand {
    TenantId tenantId();
}
