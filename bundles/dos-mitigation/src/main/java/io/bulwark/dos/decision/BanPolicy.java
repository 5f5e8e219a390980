package io.bulwark.dos.decision;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.BanRefusedException;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns security events into bans: an event whose kind the policy names bans its source (the
 * single address) for the configured duration, which the decision store escalates for repeat
 * offenders. Kinds the policy does not name, and events about the appliance itself (no source),
 * ban nothing.
 *
 * <p>{@link #raise} never blocks: it puts the event on a bounded queue (dropping and counting
 * when full), and one thread of the policy's own writes the bans, since that touches the disk.
 * Allow-listed sources are refused by the store and only counted here.
 */
@Component(service = SecurityEventSink.class, immediate = true, configurationPid = JournaledDecisionStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class BanPolicy implements SecurityEventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BanPolicy.class);
    /** Reasons longer than this are cut; the event keeps the full evidence. */
    private static final int MAX_REASON = 256;

    private final DecisionStore store;
    private final Map<String, Duration> policy;
    private final BlockingQueue<SecurityEvent> queue;
    private final Thread worker;
    private final LongAdder queued = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder banned = new LongAdder();
    private volatile boolean running = true;

    /**
     * DS entry point.
     *
     * @param store the decision store
     * @param config the decisions configuration (the policy and its queue)
     * @throws IllegalArgumentException naming the key of a bad value
     */
    @Activate
    public BanPolicy(@Reference DecisionStore store, JournaledDecisionStore.Config config) {
        this(store, DecisionSettings.parsePolicy(config.policy()), config.policy_queue_capacity());
    }

    /**
     * Starts the policy without a framework.
     *
     * @param store the decision store
     * @param policy ban duration by event kind
     * @param queueCapacity events that may wait, 1 to 1000000
     */
    public BanPolicy(DecisionStore store, Map<String, Duration> policy, int queueCapacity) {
        if (queueCapacity < 1 || queueCapacity > 1_000_000) {
            throw new IllegalArgumentException("policy.queue.capacity must be 1 to 1000000, got " + queueCapacity);
        }
        this.store = store;
        this.policy = Map.copyOf(policy);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.worker = new Thread(this::run, "bulwark-ban-policy");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void raise(SecurityEvent event) {
        if (event == null || event.source() == null || !policy.containsKey(event.kind())) {
            ignored.increment();
            return;
        }
        if (queue.offer(event)) {
            queued.increment();
        } else {
            dropped.increment();
        }
    }

    /** Stops the worker; queued events are dropped (their sources are still rate limited). */
    @Deactivate
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            SecurityEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            apply(event);
        }
    }

    private void apply(SecurityEvent event) {
        String reason = event.kind() + ": " + event.evidence();
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON);
        }
        try {
            store.ban(AddressBlock.of(event.source()).toString(), policy.get(event.kind()), BanOrigin.DETECTOR,
                    event.kind(), reason);
            banned.increment();
        } catch (BanRefusedException e) {
            refused.increment();
            LOG.debug("No ban for {}: {}", event.source(), e.getMessage());
        } catch (RuntimeException e) {
            // the worker must survive a failing store, or no detector could ban again
            LOG.warn("Banning {} for {} failed: {}", event.source(), event.kind(), e.toString(), e);
        }
    }

    /** @return events accepted for banning */
    public long queuedCount() {
        return queued.sum();
    }

    /** @return events dropped because the queue was full */
    public long droppedCount() {
        return dropped.sum();
    }

    /** @return events that ban nothing under the policy */
    public long ignoredCount() {
        return ignored.sum();
    }

    /** @return bans the store refused (allow-listed sources, a full store) */
    public long refusedCount() {
        return refused.sum();
    }

    /** @return bans requested from the store */
    public long bannedCount() {
        return banned.sum();
    }
}
