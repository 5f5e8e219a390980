package io.bulwark.sipproxy.proxy;

import io.bulwark.sipproxy.codec.SipMessageImpl;
import io.bulwark.sipproxy.codec.SipResponses;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the responses that inspectors put in place of a telling one (RFC 3261 section 22.1): a
 * 401 or 407 carries a digest challenge in the realm the registrar last used, with a fresh
 * nonce, so that to a scanner an unknown user looks exactly like a known one.
 */
final class ChallengeMemory {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern REALM = Pattern.compile("(?i)realm\\s*=\\s*\"([^\"]{1,128})\"");
    private static final Pattern ALGORITHM = Pattern.compile("(?i)algorithm\\s*=\\s*([A-Za-z0-9-]{1,32})");

    private volatile String realm;
    private volatile String algorithm;

    /** Notes the realm of a challenge the registrar sent. */
    void learn(SipMessageImpl response) {
        int status = response.statusCode();
        if (status != 401 && status != 407) {
            return;
        }
        String challenge = response.header(status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate");
        if (challenge == null) {
            return;
        }
        Matcher m = REALM.matcher(challenge);
        if (m.find()) {
            realm = m.group(1);
        }
        Matcher a = ALGORITHM.matcher(challenge);
        algorithm = a.find() ? a.group(1) : null;
    }

    /**
     * @param request the request answered
     * @param status the status to answer with
     * @param tag a To tag for the response
     * @return the response
     */
    SipMessageImpl replacement(SipMessageImpl request, int status, String tag) {
        SipMessageImpl resp = SipResponses.create(request, status, SipResponses.reasonPhrase(status), tag);
        if (status == 401 || status == 407) {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String r = realm != null ? realm : requestDomain(request);
            resp.addHeader(status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate", "Digest realm=\"" + r
                    + "\", nonce=\"" + HexFormat.of().formatHex(nonce) + "\""
                    + (algorithm == null ? "" : ", algorithm=" + algorithm));
        }
        return resp;
    }

    private static String requestDomain(SipMessageImpl request) {
        String to = RequestRelay.uriOf(request.header("To"));
        io.bulwark.sipproxy.codec.SipUri u = to == null ? null : RequestRouter.safeUri(to);
        return u == null || u.host() == null ? "bulwark" : u.host().replace("\"", "");
    }
}
