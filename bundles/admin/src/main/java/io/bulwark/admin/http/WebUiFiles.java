package io.bulwark.admin.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;

/**
 * Serves the files of the web UI from the bundle that carries it (the one with a
 * {@code Bulwark-Web-Root} header), so the UI can be updated on its own. Only GET and HEAD; no
 * directory listings; paths with {@code ..} are refused. Hashed assets are cached for a year,
 * everything else revalidates; every response carries a strict Content-Security-Policy: the UI
 * loads nothing from elsewhere.
 */
final class WebUiFiles {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"), Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"));

    /** The bundle and root folder of the UI, or null while none is installed. */
    record Source(Bundle bundle, String root) {
    }

    private final Supplier<Source> source;

    WebUiFiles(Supplier<Source> source) {
        this.source = source;
    }

    /**
     * @param requested the path below {@code /}
     * @param resp the response
     * @param body false for HEAD
     */
    void serve(String requested, HttpServletResponse resp, boolean body) throws IOException {
        securityHeaders(resp);
        String path = requested;
        if (path.contains("..") || path.contains("\\") || path.indexOf('\0') >= 0) {
            resp.sendError(400, "bad path");
            return;
        }
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        Source s = source.get();
        if (s == null) {
            resp.sendError(503, "the web UI bundle is not installed");
            return;
        }
        URL url = s.bundle().getEntry(s.root() + path);
        if (url == null) {
            resp.sendError(404, "not found");
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        resp.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        resp.setHeader("Cache-Control", path.startsWith("/assets/") ? "public, max-age=31536000, immutable"
                : "no-cache");
        if (!body) {
            return;
        }
        try (InputStream in = url.openStream(); OutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
}
