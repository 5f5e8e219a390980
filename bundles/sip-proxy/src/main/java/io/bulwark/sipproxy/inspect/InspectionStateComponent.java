package io.bulwark.sipproxy.inspect;

import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.RegistrationBinding;
import java.util.Collection;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the inspectors' state from the sip-proxy bundle, so it survives an update of the
 * sip-inspection bundle (and a change of the proxy's own configuration). A change of these
 * bounds starts it afresh.
 */
@Component(service = InspectionState.class, immediate = true, configurationPid = InspectionStateComponent.PID)
@Designate(ocd = InspectionStateComponent.Config.class)
public final class InspectionStateComponent implements InspectionState {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.sipproxy.state";

    /** Memory bounds of the inspectors' state. */
    @ObjectClassDefinition(name = "Bulwark inspection state",
            description = "Counters and remembered facts of the SIP inspectors (per source, user and dialog), "
                    + "kept by the proxy so that updating the inspectors keeps them. Bounded in memory.")
    public @interface Config {
        @AttributeDefinition(name = "Tables", description = "Most distinct tables (one per counter of an "
                + "inspector).", min = "1", max = "1000")
        int max_tables() default 64;

        @AttributeDefinition(name = "Keys per table", description = "Most keys (sources, users, dialogs) per "
                + "table; the least recently used goes first. About 200 bytes each, plus members.",
                min = "100", max = "10000000")
        int max_keys() default 100_000;

        @AttributeDefinition(name = "Members per set", description = "Most members remembered per set (such as "
                + "the users one source tried); counts saturate there.", min = "10", max = "100000")
        int max_members() default 1_000;
    }

    private final BoundedInspectionState state;

    @Activate
    public InspectionStateComponent(Config config) {
        this.state = new BoundedInspectionState(config.max_tables(), config.max_keys(), config.max_members());
    }

    @Override
    public long hit(String table, String key, long nowMillis, long windowMillis) {
        return state.hit(table, key, nowMillis, windowMillis);
    }

    @Override
    public long count(String table, String key, long nowMillis, long windowMillis) {
        return state.count(table, key, nowMillis, windowMillis);
    }

    @Override
    public int distinct(String table, String key, String member, long nowMillis, long windowMillis) {
        return state.distinct(table, key, member, nowMillis, windowMillis);
    }

    @Override
    public Collection<String> members(String table, String key, long nowMillis, long windowMillis) {
        return state.members(table, key, nowMillis, windowMillis);
    }

    @Override
    public void forget(String table, String key) {
        state.forget(table, key);
    }

    @Override
    public void put(String table, String key, String value, long expiresAtMillis) {
        state.put(table, key, value, expiresAtMillis);
    }

    @Override
    public String get(String table, String key, long nowMillis) {
        return state.get(table, key, nowMillis);
    }

    @Override
    public RegistrationBinding binding(String aor, long nowMillis) {
        return state.binding(aor, nowMillis);
    }

    @Override
    public void bind(RegistrationBinding binding) {
        state.bind(binding);
    }

    @Override
    public void unbind(String aor) {
        state.unbind(aor);
    }

    /** @return keys held per table */
    public Map<String, Integer> sizes() {
        return state.sizes();
    }
}
