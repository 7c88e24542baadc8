package dev.calibrate.connectors.amazon.connection;

import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.connectors.amazon.api.LwaCredentials;
import dev.calibrate.connectors.amazon.api.LwaException;
import dev.calibrate.connectors.amazon.api.LwaTokens;
import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.channel.ChannelMessages.ConnectChannel;
import dev.calibrate.kernel.channel.ChannelMessages.DisconnectChannel;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Connecting and disconnecting a tenant's seller account: checks the credentials by asking Login with
 * Amazon for a token, stores them sealed and records the connection as an event. Nothing is sent to
 * the Selling Partner API here, and nothing anywhere in this connector writes to Amazon.
 */
@Service
public class AmazonConnector {

    private static final Logger log = LoggerFactory.getLogger(AmazonConnector.class);

    private final AmazonConnections connections;
    private final LwaTokens tokens;
    private final SpApi spApi;
    private final SecretBox secrets;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public AmazonConnector(AmazonConnections connections, LwaTokens tokens, SpApi spApi, SecretBox secrets,
                           CommandGateway commands, TransactionTemplate transactions, Optional<Clock> clock) {
        this.connections = connections;
        this.tokens = tokens;
        this.spApi = spApi;
        this.secrets = secrets;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** What {@code POST /api/v1/connectors/amazon} asks for, already checked for shape. */
    public record ConnectRequest(String sellerId, AmazonRegion region, List<String> marketplaceIds,
                                 LwaCredentials credentials) {
    }

    /**
     * Connects the seller account for the tenant (replacing its earlier one, and clearing a BROKEN
     * status): nothing is stored unless Login with Amazon gave a token for the credentials.
     */
    public SellerConnection connect(TenantId tenantId, ConnectRequest request) {
        secrets.requireKey();
        connections.findBySeller(request.sellerId(), request.region()).filter(c -> !c.tenantId().equals(tenantId))
                .ifPresent(other -> {
                    throw new SellerAlreadyConnected(request.sellerId());
                });
        LwaTokens.AccessToken token = verify(request.credentials());
        transactions.executeWithoutResult(tx -> {
            connections.save(tenantId, request.sellerId(), request.region(), request.marketplaceIds(),
                    request.credentials(), clock.instant());
            commands.sendAndWait(new ConnectChannel(tenantId, ChannelMessages.AMAZON, request.sellerId(),
                    request.region().currency(request.marketplaceIds().get(0))));
        });
        tokens.remember(tenantId, token);
        spApi.forget(tenantId);
        log.info("Tenant {} connected Amazon seller {} ({}, marketplaces {})", tenantId, request.sellerId(),
                request.region().wireName(), request.marketplaceIds());
        return connections.find(tenantId).orElseThrow();
    }

    /**
     * Removes the secrets and the connection. Products keep their Amazon refs and the listing links stay,
     * so the first sync after a reconnect takes the ref off whatever vanished meanwhile.
     */
    public void disconnect(TenantId tenantId, String reason) {
        SellerConnection connection = connections.find(tenantId).orElseThrow(() -> new NotConnected(tenantId));
        transactions.executeWithoutResult(tx -> {
            connections.delete(tenantId);
            commands.sendAndWait(new DisconnectChannel(tenantId, ChannelMessages.AMAZON, connection.sellerId(), reason));
        });
        tokens.forget(tenantId);
        spApi.forget(tenantId);
        log.info("Tenant {} disconnected Amazon seller {}", tenantId, connection.sellerId());
    }

    /** A refused grant or client is the caller's bad input, naming the field and LWA's own words. */
    private LwaTokens.AccessToken verify(LwaCredentials credentials) {
        try {
            return tokens.exchange(credentials);
        } catch (LwaException e) {
            if (!e.refused()) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                        "Login with Amazon could not be reached to check the credentials: " + e.getMessage());
                problem.setTitle(HttpStatus.BAD_GATEWAY.getReasonPhrase());
                throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, e);
            }
            String said = "Login with Amazon said " + e.error() + ": " + e.description();
            if ("invalid_client".equals(e.error()) || "unauthorized_client".equals(e.error())) {
                throw new InvalidInput(List.of(new InvalidInput.Violation("clientId", said),
                        new InvalidInput.Violation("clientSecret", said)));
            }
            throw new InvalidInput("refreshToken", said);
        }
    }

    /** Another tenant has connected this seller account; an account belongs to one tenant. */
    public static final class SellerAlreadyConnected extends Rejection {
        SellerAlreadyConnected(String sellerId) {
            super("Amazon seller " + sellerId + " is connected to another Calibrate tenant; disconnect it there first");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }

    public static final class NotConnected extends Rejection {
        public NotConnected(TenantId tenantId) {
            super("no Amazon seller account is connected; connect one with POST /api/v1/connectors/amazon");
        }

        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }
}
