package io.bulwark.inspection.common;

import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * A service looked up at first use rather than at activation. An inspector that needs a service
 * of the proxy (the dialog registry) cannot take it as a DS reference: the proxy binds the
 * inspectors while it is being activated itself, so the reference would form a cycle that SCR
 * breaks by leaving it unbound for good. Here only the service's presence is tracked, and the
 * object is fetched when a message first needs it, by which time the proxy is up.
 *
 * @param <T> the service type
 */
public final class LazyService<T> implements Supplier<T>, AutoCloseable {

    private final BundleContext context;
    private final ServiceTracker<T, ServiceReference<T>> tracker;
    private volatile ServiceReference<T> heldRef;
    private volatile T held;

    /**
     * Starts tracking.
     *
     * @param context the bundle context of the component
     * @param type the service type
     */
    public LazyService(BundleContext context, Class<T> type) {
        this.context = context;
        this.tracker = new ServiceTracker<>(context, type, new ServiceTrackerCustomizer<T, ServiceReference<T>>() {
            @Override
            public ServiceReference<T> addingService(ServiceReference<T> reference) {
                return reference;
            }

            @Override
            public void modifiedService(ServiceReference<T> reference, ServiceReference<T> tracked) {
                // properties do not matter here
            }

            @Override
            public void removedService(ServiceReference<T> reference, ServiceReference<T> tracked) {
                release(reference);
            }
        });
        tracker.open();
    }

    /** @return the service, or null while there is none */
    @Override
    public T get() {
        T s = held;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (held == null) {
                ServiceReference<T> ref = tracker.getServiceReference();
                T service = ref == null ? null : context.getService(ref);
                if (service != null) {
                    heldRef = ref;
                    held = service;
                }
            }
            return held;
        }
    }

    private synchronized void release(ServiceReference<T> reference) {
        if (reference.equals(heldRef)) {
            held = null;
            heldRef = null;
            try {
                context.ungetService(reference);
            } catch (IllegalStateException e) {
                // the bundle is stopping: nothing to give back
            }
        }
    }

    /** Stops tracking and gives the service back. */
    @Override
    public void close() {
        ServiceReference<T> ref = heldRef;
        if (ref != null) {
            release(ref);
        }
        tracker.close();
    }
}
