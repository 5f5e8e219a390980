package io.bulwark.media.service;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.media.MediaAnchoring;
import io.bulwark.api.media.MediaLegView;
import io.bulwark.api.media.MediaSessionView;
import io.bulwark.api.media.MediaVerdict;
import io.bulwark.api.transport.Zone;
import io.bulwark.media.anchor.AnchorResult;
import io.bulwark.media.anchor.DtlsKeying;
import io.bulwark.media.anchor.MediaAnchor;
import io.bulwark.media.anchor.MediaPolicy;
import io.bulwark.media.dtls.DtlsCertificate;
import io.bulwark.media.dtls.DtlsSrtpSettings;
import io.bulwark.media.relay.MediaEvents;
import io.bulwark.media.relay.MediaLeg;
import io.bulwark.media.relay.MediaRelay;
import io.bulwark.media.relay.MediaSession;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media relay of the appliance: its own event loops (epoll where available; media apart from
 * signalling), one anchor per configuration of addresses and ports, an idle sweep, and CONTENT
 * events to every {@link SecurityEventSink}. A change of addresses or port ranges applies to new
 * calls; calls under way keep their media until they end.
 */
@Component(service = MediaAnchoring.class, immediate = true, configurationPid = MediaConfig.PID)
@Designate(ocd = MediaConfig.class)
public final class MediaComponent implements MediaAnchoring, MediaEvents {

    private static final Logger LOG = LoggerFactory.getLogger(MediaComponent.class);
    /** DTLS-SRTP handshakes at once; more are refused (the call's media then stays silent and is reported). */
    private static final int DTLS_THREADS = 16;

    private final EventLoopGroup group;
    private final Class<? extends DatagramChannel> channelType;
    private final List<SecurityEventSink> sinks = new CopyOnWriteArrayList<>();
    private final List<MediaAnchor> anchors = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sweeper;
    /** Runs DTLS-SRTP handshakes (blocking, a few ms each): bounded, so a flood of them is refused, not queued. */
    private final ThreadPoolExecutor handshakes;
    private final DtlsKeying dtls;
    private volatile MediaAnchor current;
    private volatile MediaConfig config;

    @Activate
    public MediaComponent(MediaConfig config) {
        boolean epoll = Epoll.isAvailable();
        // 0: one per core, as documented (Netty's own default would be two per core)
        int threads = config.io_threads() > 0 ? config.io_threads() : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bulwark-media", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelType = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulwark-media-sweep");
            t.setDaemon(true);
            return t;
        });
        this.handshakes = new ThreadPoolExecutor(0, DTLS_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DefaultThreadFactory("bulwark-dtls", true));
        // one certificate per start of the relay: its fingerprint is in every answer to a DTLS offer
        this.dtls = new DtlsKeying(DtlsCertificate.generate(), DtlsSrtpSettings.defaults(), handshakes);
        try {
            apply(config);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            sweeper.shutdownNow();
            handshakes.shutdownNow();
            throw e;
        }
        sweeper.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
    }

    @Modified
    void modified(MediaConfig c) {
        apply(c);
    }

    private synchronized void apply(MediaConfig c) {
        InetAddress out = address("outside.address", c.outside_address());
        InetAddress in = address("inside.address", c.inside_address());
        PortRange outPorts = PortRange.parse("outside.ports", c.outside_ports());
        PortRange inPorts = PortRange.parse("inside.ports", c.inside_ports());
        if (out.equals(in) && outPorts.overlaps(inPorts)) {
            throw new IllegalArgumentException("outside.ports and inside.ports overlap on the same address " + out
                    .getHostAddress());
        }
        Map<Zone, MediaPolicy> policies = Map.of(Zone.OUTSIDE, MediaPolicy.of(c.outside_policy()), Zone.INSIDE,
                MediaPolicy.of(c.inside_policy()));
        Set<Zone> dtlsOffered = EnumSet.noneOf(Zone.class);
        if (dtlsKeying("outside.keying", c.outside_keying())) {
            dtlsOffered.add(Zone.OUTSIDE);
        }
        if (dtlsKeying("inside.keying", c.inside_keying())) {
            dtlsOffered.add(Zone.INSIDE);
        }
        MediaConfig old = this.config;
        MediaRelay.Limits limits = new MediaRelay.Limits(c.injection_burst(), c.burst_window_ms(),
                c.srtp_failure_burst());
        boolean sameSockets = old != null && old.outside_address().equals(c.outside_address())
                && old.inside_address().equals(c.inside_address()) && old.outside_ports().equals(c.outside_ports())
                && old.inside_ports().equals(c.inside_ports());
        if (sameSockets) {
            current.policies(policies);
            current.passThrough(c.srtp_passthrough());
            current.offerDtls(dtlsOffered);
            current.relay().limits(limits);
        } else {
            MediaRelay relay = new MediaRelay(group, channelType,
                    new MediaRelay.ZoneMedia(out, outPorts.first(), outPorts.last()),
                    new MediaRelay.ZoneMedia(in, inPorts.first(), inPorts.last()), limits, this, Clock.systemUTC());
            MediaAnchor a = new MediaAnchor(relay, policies, dtls);
            a.passThrough(c.srtp_passthrough());
            a.offerDtls(dtlsOffered);
            anchors.add(a);
            current = a;
        }
        this.config = c;
        LOG.info("Media relay: outside {} ports {} ({}), inside {} ports {} ({}), SRTP pass-through {}, idle timeout "
                + "{} s", out.getHostAddress(), c.outside_ports(), c.outside_policy(), in.getHostAddress(),
                c.inside_ports(), c.inside_policy(), c.srtp_passthrough() ? "on" : "off", c.idle_timeout_seconds());
    }

    /** @return whether a key exchange setting says dtls (else sdes) */
    private static boolean dtlsKeying(String field, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("sdes") && !v.equals("dtls")) {
            throw new IllegalArgumentException(field + " must be sdes or dtls, got '" + value + "'");
        }
        return v.equals("dtls");
    }

    /** @return the address literal of a setting (never a DNS lookup) */
    private static InetAddress address(String field, String value) {
        try {
            AddressBlock b = AddressBlock.parse(value);
            if (value.indexOf('/') < 0) {
                return b.network();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(field + " must be an IPv4 or IPv6 address literal, got '" + value + "'");
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        anchors.forEach(a -> a.relay().close());
        handshakes.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(SecurityEventSink s) {
        sinks.add(s);
    }

    void removeSink(SecurityEventSink s) {
        sinks.remove(s);
    }

    private MediaAnchor holding(String dialogId) {
        for (MediaAnchor a : anchors) {
            if (a.has(dialogId)) {
                return a;
            }
        }
        return null;
    }

    @Override
    public MediaVerdict offer(String dialogId, Zone from, InetAddress signallingPeer, byte[] sdp) {
        MediaAnchor held = holding(dialogId);
        return verdict(held != null ? held.offer(dialogId, from, signallingPeer, sdp)
                : current.offer(dialogId, from, signallingPeer, sdp), from, signallingPeer);
    }

    @Override
    public MediaVerdict answer(String dialogId, Zone from, InetAddress signallingPeer, byte[] sdp) {
        MediaAnchor held = holding(dialogId);
        return verdict((held != null ? held : current).answer(dialogId, from, signallingPeer, sdp), from,
                signallingPeer);
    }

    private MediaVerdict verdict(AnchorResult r, Zone from, InetAddress peer) {
        if (r.event() != null) {
            raise(r.event(), Severity.MEDIUM, peer, 0, from, r.reason());
        }
        return new MediaVerdict(r.sdp(), r.status(), r.reason());
    }

    @Override
    public void offerRefused(String dialogId) {
        MediaAnchor held = holding(dialogId);
        if (held != null) {
            held.offerRefused(dialogId);
            retireIdleAnchors();
        }
    }

    @Override
    public void release(String dialogId) {
        MediaAnchor held = holding(dialogId);
        if (held != null) {
            held.release(dialogId);
            retireIdleAnchors();
        }
    }

    private void sweep() {
        try {
            MediaConfig c = config;
            for (MediaAnchor a : anchors) {
                int closed = a.relay().sweep(c.idle_timeout_seconds() * 1000L);
                if (closed > 0) {
                    LOG.info("Media relay: {} media line(s) idle for {} s closed", closed, c.idle_timeout_seconds());
                }
            }
            retireIdleAnchors();
        } catch (RuntimeException e) {
            LOG.warn("Media sweep failed", e);
        }
    }

    private synchronized void retireIdleAnchors() {
        for (MediaAnchor a : anchors) {
            if (a != current && a.relay().sessions().isEmpty()) {
                anchors.remove(a);
                a.relay().close();
            }
        }
    }

    @Override
    public List<MediaSessionView> sessions() {
        List<MediaSessionView> out = new ArrayList<>();
        for (MediaAnchor a : anchors) {
            for (MediaSession s : a.relay().sessions()) {
                out.add(view(s));
            }
        }
        return out;
    }

    @Override
    public List<MediaSessionView> sessions(String dialogId) {
        MediaAnchor held = holding(dialogId);
        List<MediaSessionView> out = new ArrayList<>();
        if (held != null) {
            for (String id : held.sessionIds(dialogId)) {
                MediaSession s = held.relay().session(id);
                if (s != null) {
                    out.add(view(s));
                }
            }
        }
        return out;
    }

    private static MediaSessionView view(MediaSession s) {
        return new MediaSessionView(s.id(), Instant.ofEpochMilli(s.createdMillis()),
                Instant.ofEpochMilli(s.lastActivityMillis()), view(s.leg(Zone.OUTSIDE)), view(s.leg(Zone.INSIDE)));
    }

    private static MediaLegView view(MediaLeg l) {
        InetSocketAddress local = l.localRtp();
        InetSocketAddress peer = l.latched();
        return new MediaLegView(l.zone().configName(), text(local), peer == null ? null : text(peer), l.suite(),
                l.packetsIn(), l.packetsOut(), l.lost(), l.foreignPackets(), l.srtpFailures());
    }

    private static String text(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    @Override
    public void injection(MediaSession session, Zone zone, InetSocketAddress from, long count) {
        raise(EventKinds.MEDIA_INJECTION, Severity.HIGH, from.getAddress(), from.getPort(), zone, count
                + " packets from a source that is not the party of media line " + session.id() + " within the window");
    }

    @Override
    public void srtpFailure(MediaSession session, Zone zone, InetSocketAddress from, String status, long count) {
        raise(EventKinds.MEDIA_SRTP_FAILURE, Severity.HIGH, from.getAddress(), from.getPort(), zone, count
                + " SRTP packets refused (last: " + status + ") on media line " + session.id());
    }

    @Override
    public void streamChange(MediaSession session, Zone zone, String what) {
        MediaLeg leg = session.leg(zone);
        InetSocketAddress peer = leg.latched();
        raise(EventKinds.MEDIA_STREAM_CHANGE, Severity.LOW, peer == null ? null : peer.getAddress(),
                peer == null ? 0 : peer.getPort(), zone, what + " on media line " + session.id());
    }

    private void raise(String kind, Severity severity, InetAddress source, int port, Zone zone, String evidence) {
        SecurityEvent e;
        try {
            e = new SecurityEvent(ThreatLevel.CONTENT, kind, severity, source, port, null, zone, null, Instant.now(),
                    evidence);
        } catch (RuntimeException bad) {
            LOG.warn("Media event {} not raised: {}", kind, bad.getMessage());
            return;
        }
        for (SecurityEventSink s : sinks) {
            try {
                s.raise(e);
            } catch (RuntimeException ex) {
                LOG.warn("Security event sink {} failed on {}", s, kind, ex);
            }
        }
    }
}
