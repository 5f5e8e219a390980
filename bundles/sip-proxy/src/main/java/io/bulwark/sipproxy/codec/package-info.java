/**
 * SIP message codec of the Bulwark SIP proxy: a byte-level decoder ({@link
 * io.bulwark.sipproxy.codec.SipMessageDecoder}), the message model and encoder ({@link
 * io.bulwark.sipproxy.codec.SipMessageImpl}), lazily parsed header values ({@link
 * io.bulwark.sipproxy.codec.SipUri}, {@link io.bulwark.sipproxy.codec.NameAddress}, {@link
 * io.bulwark.sipproxy.codec.Via}, {@link io.bulwark.sipproxy.codec.CSeq}), the semantic checks a
 * proxy makes before forwarding ({@link io.bulwark.sipproxy.codec.SipMessageValidator}) and locally
 * generated responses ({@link io.bulwark.sipproxy.codec.SipResponses}).
 *
 * <p>References: RFC 3261 section 7 (SIP messages: start line 7.1/7.2, header fields 7.3, compact
 * forms 7.3.3, bodies 7.4, framing 7.5), section 20 (header fields) and section 25 (augmented BNF);
 * RFC 3261 sections 8.2, 16.3 and 18.3 for the checks and framing rules; RFC 4475 (SIP torture test
 * messages) for the test corpus.
 *
 * <p>This package is private to the sip-proxy bundle: it is not exported, so it carries no OSGi
 * {@code @Version} annotation. The classes are not thread-safe unless stated otherwise.
 */
package io.bulwark.sipproxy.codec;
