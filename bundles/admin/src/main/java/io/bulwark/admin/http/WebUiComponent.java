package io.bulwark.admin.http;

import javax.servlet.ServletException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.HttpService;
import org.osgi.service.http.NamespaceException;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the web UI at {@code /}: it follows the bundle whose manifest has a
 * {@code Bulwark-Web-Root} header (the {@code web-admin} bundle), so updating the UI bundle
 * swaps the pages without touching the API.
 */
@Component(immediate = true)
public final class WebUiComponent {

    /** The manifest header naming the folder of the UI inside its bundle. */
    public static final String WEB_ROOT_HEADER = "Bulwark-Web-Root";
    private static final Logger LOG = LoggerFactory.getLogger(WebUiComponent.class);

    private final HttpService http;
    private final BundleTracker<WebUiServlet.Source> tracker;

    /** DS entry point. */
    @Activate
    public WebUiComponent(BundleContext context, @Reference HttpService http) throws ServletException, NamespaceException {
        this.http = http;
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE | Bundle.RESOLVED | Bundle.STARTING, null) {
            @Override
            public WebUiServlet.Source addingBundle(Bundle bundle, BundleEvent event) {
                String root = bundle.getHeaders("").get(WEB_ROOT_HEADER);
                return root == null ? null : new WebUiServlet.Source(bundle, root.endsWith("/")
                        ? root.substring(0, root.length() - 1) : root);
            }
        };
        tracker.open();
        http.registerServlet("/", new WebUiServlet(this::current), null, null);
        LOG.info("Web UI served at /");
    }

    private WebUiServlet.Source current() {
        WebUiServlet.Source best = null;
        for (WebUiServlet.Source s : tracker.getTracked().values()) {
            if (best == null || s.bundle().getVersion().compareTo(best.bundle().getVersion()) > 0) {
                best = s;
            }
        }
        return best;
    }

    /** Unregisters the UI. */
    @Deactivate
    void deactivate() {
        try {
            http.unregister("/");
        } catch (RuntimeException e) {
            // The HTTP service is going away (Pax Web restarting on a configuration change) and
            // takes the registration with it.
            LOG.debug("Web UI already unregistered: {}", e.getMessage());
        }
        tracker.close();
    }
}
