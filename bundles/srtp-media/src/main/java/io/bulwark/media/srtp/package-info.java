/**
 * The SRTP/SRTCP crypto core of the media relay: crypto suites ({@link
 * io.bulwark.media.srtp.SrtpSuite}), session key derivation ({@link
 * io.bulwark.media.srtp.SrtpKeyDerivation}) and sessions ({@link io.bulwark.media.srtp.SrtpSession})
 * that protect and unprotect RTP and RTCP packets in place, answering a length or a negative
 * {@link io.bulwark.media.srtp.SrtpStatus} code instead of throwing, and allocating nothing per
 * packet once a stream is known.
 *
 * <p>References: RFC 3711 (SRTP: packet formats 3.1 and 3.4, index and ROC estimation 3.3.1 and
 * Appendix A, replay protection 3.3.2, AES counter mode 4.1.1, HMAC-SHA1 4.2.1, key derivation 4.3
 * with the AES-CM PRF 4.3.3, test vectors Appendix B.2 and B.3); RFC 6188 (AES-256 counter mode and
 * its key derivation, test vectors section 7); RFC 7714 (AEAD_AES_128_GCM and AEAD_AES_256_GCM:
 * IV formation 8.1 and 9.1, associated data 8.2 and 9.2, key derivation with a 96-bit salt 11,
 * test vectors 16 and 17); RFC 4568 section 6.2 (the SDES crypto suite names and their SRTCP tag
 * length); NIST SP 800-38D (GCM and GHASH).
 *
 * <p>This package is private to the srtp-media bundle: it is not exported, so it carries no OSGi
 * {@code @Version} annotation. A session is confined to one thread.
 */
package io.bulwark.media.srtp;
