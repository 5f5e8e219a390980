package io.bulwark.api.event;

/**
 * The {@link SecurityEvent#kind() kinds} raised by the bundles of the appliance, so that policies
 * (ban durations, cloud pushes) can name them without spelling mistakes. Other bundles may raise
 * kinds not listed here; a kind is just a dotted lower-case name.
 */
public final class EventKinds {

    /** One source sent more packets than the flood threshold (level NETWORK). */
    public static final String NETWORK_FLOOD = "network.flood";
    /**
     * Kernel enforcement of bans (nftables) failed; user-space dropping carries on. The event
     * is about the appliance itself, so its source is null (level NETWORK).
     */
    public static final String NETWORK_ENFORCEMENT_FAILED = "network.enforcement-failed";
    /** A SIP message could not be parsed or broke a hard limit (level APPLICATION). */
    public static final String SIP_MALFORMED = "sip.malformed";
    /** A known SIP scanner or an enumeration of extensions (level APPLICATION). */
    public static final String SIP_SCANNER = "sip.scanner";
    /** Repeated failed digest authentication from one source (level APPLICATION). */
    public static final String SIP_BRUTE_FORCE = "sip.brute-force";
    /**
     * Failed digest authentications for one user from many sources: a distributed password
     * attack, an alert about the user rather than a reason to ban one source (level APPLICATION).
     * @since 1.1
     */
    public static final String SIP_BRUTE_FORCE_USER = "sip.brute-force-user";
    /**
     * A message within the codec's limits that breaks the appliance's own (too many Via or Route
     * entries, an oversized header, a Content-Length that does not match): rejected, and repeated
     * it becomes {@link #SIP_MALFORMED} (level APPLICATION).
     * @since 1.1
     */
    public static final String SIP_NONCONFORMANT = "sip.nonconformant";
    /**
     * Many distinct users answered "no such user" or "authenticate" for one source or prefix:
     * extension enumeration (level APPLICATION).
     * @since 1.1
     */
    public static final String SIP_HARVESTING = "sip.harvesting";
    /**
     * A REGISTER that replaces or removes an active binding from another source, network or
     * User-Agent (level APPLICATION).
     * @since 1.1
     */
    public static final String SIP_REGISTRATION_HIJACK = "sip.registration-hijack";
    /**
     * An in-dialog request (BYE, CANCEL, re-INVITE, UPDATE, REFER, NOTIFY) that matches no dialog
     * or does not come from the dialog's latched peer: call hijacking or call-termination DoS
     * (level APPLICATION).
     * @since 1.1
     */
    public static final String SIP_DIALOG_FORGERY = "sip.dialog-forgery";
    /** A call refused or ended by a toll-fraud rule (level APPLICATION). @since 1.1 */
    public static final String SIP_TOLL_FRAUD = "sip.toll-fraud";
    /** A request refused by the zone's method, URI scheme or domain policy (level APPLICATION). @since 1.1 */
    public static final String SIP_POLICY = "sip.policy";
    /** An offer without usable SRTP crypto from or to a zone whose policy is srtp-required (level CONTENT). @since 1.2 */
    public static final String MEDIA_UNENCRYPTED_OFFER = "media.unencrypted-offer";
    /** A re-offer that drops the SRTP of a call (level CONTENT). @since 1.2 */
    public static final String MEDIA_CRYPTO_DOWNGRADE = "media.crypto-downgrade";
    /** An SDP the anchor could not use (level CONTENT). @since 1.2 */
    public static final String MEDIA_BAD_SDP = "media.bad-sdp";
    /** Packets on a media port from a source that is not the call's party: injection or RTP bleed (level CONTENT). @since 1.2 */
    public static final String MEDIA_INJECTION = "media.injection";
    /** SRTP packets failing authentication or replay checks (level CONTENT). @since 1.2 */
    public static final String MEDIA_SRTP_FAILURE = "media.srtp-failure";
    /** A new SSRC or a sequence number jump in the middle of a call (level CONTENT). @since 1.2 */
    public static final String MEDIA_STREAM_CHANGE = "media.stream-change";

    private EventKinds() {
    }
}
