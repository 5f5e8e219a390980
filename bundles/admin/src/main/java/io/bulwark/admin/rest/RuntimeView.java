package io.bulwark.admin.rest;

import io.bulwark.api.decision.AdmissionStatistics;
import io.bulwark.api.decision.BanEnforcer;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.sip.MessageTrace;
import io.bulwark.api.store.CallRecordStore;
import io.bulwark.api.store.SecurityEventStore;
import io.bulwark.api.transport.SipTransport;

/**
 * The services of other bundles the API reads, each of which may come and go (a bundle being
 * updated): the admin plane stays up and answers 503 for what is missing.
 */
public final class RuntimeView {

    private volatile DialogRegistry dialogs;
    private volatile SipTransport transport;
    private volatile CallRecordStore callRecords;
    private volatile DecisionStore decisions;
    private volatile BanEnforcer enforcer;
    private volatile AdmissionStatistics admission;
    private volatile SecurityEventStore securityEvents;
    private volatile MessageTrace messageTrace;
    private volatile io.bulwark.api.media.MediaAnchoring media;

    /** @return the media relay, or null */
    public io.bulwark.api.media.MediaAnchoring media() {
        return media;
    }

    /** @param m the media relay, or null */
    public void media(io.bulwark.api.media.MediaAnchoring m) {
        this.media = m;
    }

    /** @return the proxy's message trace, or null */
    public MessageTrace messageTrace() {
        return messageTrace;
    }

    /** @param t the proxy's message trace, or null */
    public void messageTrace(MessageTrace t) {
        this.messageTrace = t;
    }

    /** @return the security event store, or null */
    public SecurityEventStore securityEvents() {
        return securityEvents;
    }

    /** @param s the security event store, or null */
    public void securityEvents(SecurityEventStore s) {
        this.securityEvents = s;
    }

    /** @return the admission gate's counters, or null */
    public AdmissionStatistics admission() {
        return admission;
    }

    /** @param a the admission gate's counters, or null */
    public void admission(AdmissionStatistics a) {
        this.admission = a;
    }

    /** @return the decision store, or null */
    public DecisionStore decisions() {
        return decisions;
    }

    /** @param d the decision store, or null */
    public void decisions(DecisionStore d) {
        this.decisions = d;
    }

    /** @return the kernel enforcer, or null */
    public BanEnforcer enforcer() {
        return enforcer;
    }

    /** @param e the kernel enforcer, or null */
    public void enforcer(BanEnforcer e) {
        this.enforcer = e;
    }

    /** @return the dialog registry, or null */
    public DialogRegistry dialogs() {
        return dialogs;
    }

    /** @return the SIP transport, or null */
    public SipTransport transport() {
        return transport;
    }

    /** @return the call record store, or null */
    public CallRecordStore callRecords() {
        return callRecords;
    }

    /** @param d the dialog registry, or null */
    public void dialogs(DialogRegistry d) {
        this.dialogs = d;
    }

    /** @param t the transport, or null */
    public void transport(SipTransport t) {
        this.transport = t;
    }

    /** @param s the call record store, or null */
    public void callRecords(CallRecordStore s) {
        this.callRecords = s;
    }
}
