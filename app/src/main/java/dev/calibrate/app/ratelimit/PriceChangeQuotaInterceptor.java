package dev.calibrate.app.ratelimit;

import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Counts each price change drafted, through the API or the console alike, against its tenant's daily
 * quota before the command is handled. The count runs in the command's transaction (this interceptor runs
 * inside Axon's transaction interceptor), so a draft the aggregate then refuses (a bad rule) rolls its
 * count back with it: nothing to give back by hand, which would have taken one more off.
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
        }
        return chain.proceed();
    }
}
