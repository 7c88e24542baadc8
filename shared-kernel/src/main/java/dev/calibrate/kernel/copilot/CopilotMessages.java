package dev.calibrate.kernel.copilot;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;

/**
 * Every question asked of the copilot, answered or refused, as an event in the tenant's audit log: what
 * was asked, the SQL that ran (or was refused) and its hash, the views it read, how many rows, how long,
 * and what translated it. Never the rows themselves. {@code model} is null for the embedded translator.
 */
public final class CopilotMessages {

    private CopilotMessages() {
    }

    public sealed interface CopilotEvent extends DomainEvent permits CopilotQueryAnswered, CopilotQueryRefused {
        CopilotQueryId queryId();

        @Override
        default String entityType() {
            return "copilot-query";
        }

        @Override
        default String entityId() {
            return queryId().toString();
        }
    }

    public record CopilotQueryAnswered(CopilotQueryId queryId, TenantId tenantId, String question, String sql,
                                       String sqlHash, List<String> views, int rowCount, boolean truncated,
                                       long durationMs, String translator, String model) implements CopilotEvent {
    }

    /** {@code rule} names what refused it; {@code sql} and {@code sqlHash} are null when no SQL was written. */
    public record CopilotQueryRefused(CopilotQueryId queryId, TenantId tenantId, String question, String sql,
                                      String sqlHash, String rule, String reason, long durationMs, String translator,
                                      String model) implements CopilotEvent {
    }
}
