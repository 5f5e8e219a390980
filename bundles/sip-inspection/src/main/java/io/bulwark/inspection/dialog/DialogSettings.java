package io.bulwark.inspection.dialog;

import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.ConfigLists;
import io.bulwark.inspection.common.SourceMatch;
import java.util.Set;

/**
 * The dialog guard's settings, checked.
 *
 * @param enabled whether it inspects at all
 * @param zones the zones whose requests are checked against the dialogs (the PBX's side is trusted)
 * @param methods the methods checked: in-dialog requests (with a To tag) and CANCEL
 * @param orphanMethods the methods whose in-dialog requests are refused with 481 when their
 *     Call-ID names no active call; only methods that exist in INVITE dialogs alone belong here,
 *     since the proxy tracks no other dialogs
 * @param match how closely a request's source address must agree with the call's peer
 * @param matchPort whether the source port must be the peer's too
 * @param matchTransport whether the transport must be the call's too
 * @param memoryMillis how long the TLS identity and the CSeq numbers of a call are remembered
 *     after its last request
 */
record DialogSettings(boolean enabled, Set<Zone> zones, Set<String> methods, Set<String> orphanMethods,
        SourceMatch match, boolean matchPort, boolean matchTransport, long memoryMillis) {

    /** Bounds of {@code memory.seconds}. */
    static final int MIN_MEMORY_SECONDS = 60;
    static final int MAX_MEMORY_SECONDS = 604_800;

    DialogSettings {
        if (zones == null || zones.isEmpty()) {
            throw new IllegalArgumentException("zones must name at least one zone ('outside' or 'inside')");
        }
        zones = Set.copyOf(zones);
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("methods must name at least one SIP method");
        }
        methods = Set.copyOf(methods);
        orphanMethods = orphanMethods == null ? Set.of() : Set.copyOf(orphanMethods);
        if (match == null) {
            throw new IllegalArgumentException("match must be 'address' or 'prefix'");
        }
        if (memoryMillis < MIN_MEMORY_SECONDS * 1000L || memoryMillis > MAX_MEMORY_SECONDS * 1000L) {
            throw new IllegalArgumentException("memory.seconds must be " + MIN_MEMORY_SECONDS + " to "
                    + MAX_MEMORY_SECONDS + ", got " + memoryMillis / 1000.0);
        }
    }

    static DialogSettings of(DialogGuard.Config c) {
        return new DialogSettings(c.enabled(), ConfigLists.zones("zones", c.zones()),
                ConfigLists.methods("methods", c.methods()), ConfigLists.methods("orphan.methods", c.orphan_methods()),
                SourceMatch.fromConfig("match", c.match()), c.match_port(), c.match_transport(),
                c.memory_seconds() * 1000L);
    }
}
