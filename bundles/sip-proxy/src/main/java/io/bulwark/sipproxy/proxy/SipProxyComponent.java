package io.bulwark.sipproxy.proxy;

import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.sip.CallControl;
import io.bulwark.api.sip.DialogInfo;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.sip.MessageTrace;
import io.bulwark.api.sip.TracedMessage;
import io.bulwark.api.store.CallRecordStore;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.SipFrameHandler;
import io.bulwark.api.transport.SipTransport;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.inspect.InspectionChain;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the {@link SipProxy} into the runtime: it receives every framed message from the
 * transport and publishes the dialogs it tracks. Configuration changes apply without a restart.
 */
@Component(service = {SipFrameHandler.class, DialogRegistry.class, CallControl.class, MessageTrace.class}, immediate = true,
        configurationPid = ProxyConfig.PID)
@Designate(ocd = ProxyConfig.class)
public final class SipProxyComponent implements SipFrameHandler, DialogRegistry, CallControl, MessageTrace {

    private static final Logger LOG = LoggerFactory.getLogger(SipProxyComponent.class);

    private final SipProxy proxy;
    private volatile CallRecordStore store;
    private final List<SecurityEventSink> sinks = new CopyOnWriteArrayList<>();
    private final InspectionChain inspection = new InspectionChain(() -> sinks, SipProxy::wireText, Clock.systemUTC(),
            this::allowListed);
    private volatile DecisionStore decisions;

    @Activate
    public SipProxyComponent(@Reference SipTransport transport, ProxyConfig config) {
        this.proxy = new SipProxy(transport, () -> store, ProxySettings.fromConfig(config), SipDecoderConfig.defaults());
        proxy.malformedReporter(reporter(config));
        proxy.trace.resize(config.trace_call_ids(), config.trace_messages_per_call());
        proxy.media.enabled = config.media_anchoring();
        proxy.inspection(inspection);
        proxy.events = e -> sinks.forEach(sink -> sink.raise(e));
        announce(transport);
    }

    private MalformedReporter reporter(ProxyConfig config) {
        return new MalformedReporter(() -> sinks, config.malformed_report_threshold(),
                config.malformed_report_window_seconds() * 1000L, Clock.systemUTC());
    }

    /** Security event sinks (the DoS bundle's ban policy, later the cloud push): any number, any time. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(SecurityEventSink s) {
        sinks.add(s);
    }

    void removeSink(SecurityEventSink s) {
        sinks.remove(s);
    }

    /**
     * The inspectors (sip-inspection): any number, any time, in order of service.ranking. While
     * their bundle is updated the chain is briefly shorter; calls go on.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addInspector(SipInspector inspector, Map<String, Object> properties) {
        inspection.add(inspector, properties);
    }

    void removeInspector(SipInspector inspector) {
        inspection.remove(inspector);
    }

    /** The media relay (srtp-media): used when media.anchoring is on. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setMedia(io.bulwark.api.media.MediaAnchoring m) {
        proxy.media.media = m;
    }

    void unsetMedia(io.bulwark.api.media.MediaAnchoring m) {
        if (proxy.media.media == m) {
            proxy.media.media = null;
        }
    }

    /** The decision store (dos-mitigation), asked whether a source inspectors want banned is allow-listed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setDecisions(DecisionStore d) {
        this.decisions = d;
    }

    void unsetDecisions(DecisionStore d) {
        if (this.decisions == d) {
            this.decisions = null;
        }
    }

    private boolean allowListed(InetAddress a) {
        DecisionStore d = decisions;
        return d != null && d.allowListEntryFor(a).isPresent();
    }

    /** @return per inspector findings and failures, for status pages */
    public Map<String, Map<String, Long>> inspectionCounters() {
        return inspection.counters();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setStore(CallRecordStore s) {
        this.store = s;
    }

    void unsetStore(CallRecordStore s) {
        if (this.store == s) {
            this.store = null;
        }
    }

    @Override
    public List<TracedMessage> messages(String callId) {
        return proxy.trace.messages(callId);
    }

    @Modified
    void modified(ProxyConfig config) {
        ProxySettings s = ProxySettings.fromConfig(config);
        proxy.update(s);
        proxy.malformedReporter(reporter(config));
        proxy.trace.resize(config.trace_call_ids(), config.trace_messages_per_call());
        proxy.media.enabled = config.media_anchoring();
        LOG.info("SIP proxy configuration updated: PBX: {} over {}; trunk: {} over {}", s.pbx(), s.pbxTransport(),
                s.trunk() == null ? "by Request-URI" : s.trunk(), s.trunkTransport());
    }

    private void announce(SipTransport transport) {
        // the listeners announce themselves as they bind (they may bind after this component)
        ProxySettings s = proxy.settings;
        String b = "Bulwark SIP proxy ready: calls from the trunk go to the PBX at " + s.pbx() + " over "
                + s.pbxTransport() + (s.trunk() == null ? "; calls from the PBX go to the host of their Request-URI"
                : "; calls from the PBX go to the trunk at " + s.trunk() + " over " + s.trunkTransport());
        LOG.info(b);
        if (Boolean.getBoolean("bulwark.console.banner")) {
            System.out.println(b);
        }
    }

    @Override
    public void onFrame(byte[] frame, MessageContext context) {
        proxy.onFrame(frame, context);
    }

    @Override
    public void onFramingError(String reason, byte[] partial, MessageContext context) {
        proxy.onFramingError(reason, partial, context);
    }

    @Override
    public List<DialogInfo> activeDialogs() {
        return proxy.calls().activeDialogs();
    }

    @Override
    public DialogInfo find(String outsideCallId) {
        return proxy.calls().find(outsideCallId);
    }

    @Override
    public int activeCount() {
        return proxy.calls().activeCount();
    }

    @Override
    public boolean end(String callId, String reason) {
        return proxy.endCall(callId, reason);
    }

    @Override
    public boolean endAt(String callId, Instant deadline, String reason, String eventKind) {
        return proxy.endCallAt(callId, deadline, reason, eventKind);
    }

    @Deactivate
    void deactivate() {
        proxy.close();
    }
}
