package dev.calibrate.app.ratelimit;

import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Counts each price change drafted, through the API or the console alike, against its tenant's daily
 * quota before the command is handled; a draft the aggregate then refuses (a bad rule) is given back.
 */
@Component
class PriceChangeQuotaInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final TenantQuotas quotas;

    PriceChangeQuotaInterceptor(TenantQuotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof DraftPriceChange draft) {
            quotas.spend(draft.tenantId(), DailyQuota.PRICE_CHANGES);
            unitOfWork.onRollback(u -> quotas.giveBack(draft.tenantId(), DailyQuota.PRICE_CHANGES));
        }
        return chain.proceed();
    }
}
