package io.bulwark.admin.security;

/**
 * The one-time token that lets whoever holds the console create the first admin. It lives only
 * in memory: a restart before setup prints a new one, and the old one is dead.
 */
public final class SetupToken {

    private final String token;
    private boolean used;

    private SetupToken(String token) {
        this.token = token;
    }

    /** @return a fresh token of 120 random bits, in groups that are easy to type */
    public static SetupToken generate() {
        String raw = Secrets.random(15).replace('-', 'x').replace('_', 'y');
        return new SetupToken(raw.substring(0, 5) + "-" + raw.substring(5, 10) + "-" + raw.substring(10, 15)
                + "-" + raw.substring(15));
    }

    /** @return the token, for the console and the log */
    public String value() {
        return token;
    }

    /**
     * Uses the token up if it matches.
     *
     * @param presented what the client sent
     * @return true exactly once, for the right token
     */
    public synchronized boolean consume(String presented) {
        if (used || !Secrets.constantTimeEquals(token, presented == null ? null : presented.trim())) {
            return false;
        }
        used = true;
        return true;
    }

    /** @return true once setup succeeded */
    public synchronized boolean isUsed() {
        return used;
    }
}
