package io.parley.server.limits;

import java.util.List;

import io.github.bucket4j.TimeMeter;
import io.parley.server.auth.UserId;
import io.parley.server.store.UsageStore;

/** Every limiter of one server, built from its {@link LimitsConfig}. */
public final class Limiters {
    private final LimitsConfig config;
    private final MessageLimits messages;
    private final GroupLimits groups;
    private final UploadLimits uploads;
    private final ConnectionCounter<UserId> connectionsPerUser;
    private final ConnectionCounter<String> connectionsPerAddress;
    private final ClientAddress clientAddress;

    public Limiters(LimitsConfig config, UsageStore usage, List<String> trustedProxies) {
        this(config, usage, trustedProxies, TimeMeter.SYSTEM_NANOTIME);
    }

    public Limiters(LimitsConfig config, UsageStore usage, List<String> trustedProxies, TimeMeter clock) {
        this.config = config;
        this.messages = new MessageLimits(config, clock);
        this.groups = new GroupLimits(config, clock, usage::groupsOwned);
        this.uploads = new UploadLimits(config, clock, usage::storedBytes);
        this.connectionsPerUser = new ConnectionCounter<>(config.get(Limit.CONNECTIONS_PER_USER));
        this.connectionsPerAddress = new ConnectionCounter<>(config.get(Limit.CONNECTIONS_PER_IP));
        this.clientAddress = new ClientAddress(trustedProxies);
    }

    public LimitsConfig config() {
        return config;
    }

    public MessageLimits messages() {
        return messages;
    }

    public GroupLimits groups() {
        return groups;
    }

    public UploadLimits uploads() {
        return uploads;
    }

    public ConnectionCounter<UserId> connectionsPerUser() {
        return connectionsPerUser;
    }

    public ConnectionCounter<String> connectionsPerAddress() {
        return connectionsPerAddress;
    }

    public ClientAddress clientAddress() {
        return clientAddress;
    }
}
