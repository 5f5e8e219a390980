package io.bulwark.transport.netty;

import io.bulwark.api.decision.AdmissionGate;
import io.bulwark.api.decision.MethodRateGate;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.SipFrameHandler;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands framed messages to the SIP layer and asks the admission gate about every packet and
 * connection. Both are dynamic references, so updating the SIP or DoS bundle never rebinds a
 * socket: while no SIP handler is present, messages are dropped and counted.
 */
@Component(service = InboundDispatcher.class)
public final class InboundDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(InboundDispatcher.class);

    private volatile SipFrameHandler handler;
    private volatile AdmissionGate gate;
    private volatile MethodRateGate methodGate;
    private final LongAdder refused = new LongAdder();
    private final LongAdder unhandled = new LongAdder();
    private final LongAdder failures = new LongAdder();

    public InboundDispatcher() {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setHandler(SipFrameHandler h) {
        this.handler = h;
    }

    public void unsetHandler(SipFrameHandler h) {
        if (this.handler == h) {
            this.handler = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setGate(AdmissionGate g) {
        this.gate = g;
    }

    public void unsetGate(AdmissionGate g) {
        if (this.gate == g) {
            this.gate = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setMethodGate(MethodRateGate g) {
        this.methodGate = g;
    }

    public void unsetMethodGate(MethodRateGate g) {
        if (this.methodGate == g) {
            this.methodGate = null;
        }
    }

    /** Tells the admission gate that a connection it admitted has closed. */
    public void connectionClosed(Zone zone, TransportProtocol protocol, InetSocketAddress source) {
        AdmissionGate g = gate;
        if (g != null) {
            g.connectionClosed(zone, protocol, source);
        }
    }

    /** @return true when the admission gate lets this packet or connection in */
    public boolean admit(Zone zone, TransportProtocol protocol, InetSocketAddress source, int length) {
        AdmissionGate g = gate;
        if (g == null || g.admit(zone, protocol, source, length)) {
            return true;
        }
        refused.increment();
        return false;
    }

    public void frame(byte[] frame, MessageContext ctx) {
        MethodRateGate m = methodGate;
        if (m != null && !m.admitMethod(ctx.zone(), ctx.remote(), frame)) {
            // over its rate for this method (a cheap look at the start line, before parsing)
            refused.increment();
            return;
        }
        SipFrameHandler h = handler;
        if (h == null) {
            unhandled.increment();
            return;
        }
        try {
            h.onFrame(frame, ctx);
        } catch (RuntimeException e) {
            // a bug in the SIP layer must not kill the listener; count it and go on
            failures.increment();
            LOG.warn("SIP handler failed on a message from {}: {}", ctx.remote(), e.toString(), e);
        }
    }

    public void framingError(String reason, byte[] partial, MessageContext ctx) {
        LOG.debug("Framing error from {} over {}: {}", ctx.remote(), ctx.protocol(), reason);
        SipFrameHandler h = handler;
        if (h != null) {
            try {
                h.onFramingError(reason, partial, ctx);
            } catch (RuntimeException e) {
                failures.increment();
                LOG.warn("SIP handler failed on a framing error from {}: {}", ctx.remote(), e.toString(), e);
            }
        }
    }

    public long refusedCount() {
        return refused.sum();
    }

    public long unhandledCount() {
        return unhandled.sum();
    }
}
