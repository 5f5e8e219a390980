package io.bulwark.admin.http;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;

/**
 * Serves the web UI at {@code /} as an OSGi HTTP Whiteboard servlet (the servlet-spec default
 * servlet, so {@code /api/*} stays CXF's). The web server registers it again by itself whenever
 * it restarts (e.g. when the admin port moves). It follows the bundle whose manifest has a
 * {@code Bulwark-Web-Root} header (the {@code web-admin} bundle), so updating the UI bundle swaps
 * the pages without touching the API.
 */
@Component(service = Servlet.class, immediate = true, property = {
    "osgi.http.whiteboard.servlet.pattern=/",
    "osgi.http.whiteboard.servlet.name=bulwark-web-ui"})
public final class WebUiComponent extends HttpServlet {

    /** The manifest header naming the folder of the UI inside its bundle. */
    public static final String WEB_ROOT_HEADER = "Bulwark-Web-Root";
    private static final long serialVersionUID = 1L;

    private final transient BundleTracker<WebUiFiles.Source> tracker;
    private final transient WebUiFiles files;

    /** DS entry point. */
    @Activate
    public WebUiComponent(BundleContext context) {
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE | Bundle.RESOLVED | Bundle.STARTING, null) {
            @Override
            public WebUiFiles.Source addingBundle(Bundle bundle, BundleEvent event) {
                String root = bundle.getHeaders("").get(WEB_ROOT_HEADER);
                return root == null ? null : new WebUiFiles.Source(bundle, root.endsWith("/")
                        ? root.substring(0, root.length() - 1) : root);
            }
        };
        tracker.open();
        this.files = new WebUiFiles(this::current);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        files.serve(path(req), resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        files.serve(path(req), resp, false);
    }

    /** Mapped as the default servlet, the whole path is the servlet path. */
    private static String path(HttpServletRequest req) {
        String p = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        return p.isEmpty() ? "/" : p;
    }

    private WebUiFiles.Source current() {
        WebUiFiles.Source best = null;
        for (WebUiFiles.Source s : tracker.getTracked().values()) {
            if (best == null || s.bundle().getVersion().compareTo(best.bundle().getVersion()) > 0) {
                best = s;
            }
        }
        return best;
    }

    /** Stops following the UI bundle. */
    @Deactivate
    void deactivate() {
        tracker.close();
    }
}
