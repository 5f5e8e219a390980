/**
 * DTLS-SRTP: keying SRTP with a DTLS handshake on the media path instead of keys in the SDP, as
 * browsers (WebRTC) and current SIP endpoints do. The SDP carries only a certificate fingerprint
 * ({@code a=fingerprint}) and who connects ({@code a=setup}); the handshake proves that the party
 * on the media port holds that certificate and agrees on a protection profile and keys that never
 * cross the signalling path.
 *
 * <p>What is here: the appliance's self-signed certificate ({@link
 * io.bulwark.media.dtls.DtlsCertificate}) and the fingerprints of RFC 8122 section 5 ({@link
 * io.bulwark.media.dtls.CertificateFingerprint}); the {@code a=setup} roles of RFC 4145 section 4
 * as RFC 5763 section 5 uses them ({@link io.bulwark.media.dtls.SetupAttribute}); the handshake
 * ({@link io.bulwark.media.dtls.DtlsSrtpHandshake}), Bouncy Castle's DTLS 1.2 (RFC 6347) as client
 * or server with the use_srtp extension and the protection profiles of RFC 5764 section 4.1.2 and
 * RFC 7714 section 14.2 ({@link io.bulwark.media.dtls.SrtpProtectionProfile}), keys exported as
 * RFC 5764 section 4.2 says (label {@code EXTRACTOR-dtls_srtp}, RFC 5705) and requiring the
 * extended master secret (RFC 7627); and telling DTLS from RTP on one port by the first byte (RFC
 * 7983 section 7, {@link io.bulwark.media.dtls.MediaPacketKind}).
 *
 * <p>The handshake never blocks a Netty event loop: the relay's I/O thread only hands datagrams
 * over (a bounded queue, never waiting), and Bouncy Castle's blocking protocol runs on an executor
 * the caller supplies, bounded by an overall timeout. The outcome is a value, never an exception;
 * keys appear in no {@code toString()} and no log.
 *
 * <p>This package is private to the srtp-media bundle: it is not exported, so it carries no OSGi
 * {@code @Version} annotation.
 */
package io.bulwark.media.dtls;
